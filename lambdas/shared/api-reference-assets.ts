import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bundledText } from './bundled-file.ts';
import { docsConfig } from './config.ts';
import { once } from './once.ts';

/**
 * The API reference is Swagger UI (the kept `swagger-ui-dist` package) pointed
 * at /openapi.json. Its files come from DOCS_ASSETS_DIR when set (a Lambda
 * bundle carries a copy) or from the installed package.
 */
const assetsDir = once(() => docsConfig().assetsDir ?? dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')));

const initScript = `window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({ url: '../openapi.json', dom_id: '#reference', deepLinking: true, presets: [SwaggerUIBundle.presets.apis] });
});
`;

export const referencePage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Handoff broker API v1: reference</title>
  <link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
  <main id="reference"></main>
  <script src="docs/swagger-ui-bundle.js"></script>
  <script src="docs/init.js"></script>
</body>
</html>
`;

const packaged = { 'swagger-ui.css': 'text/css; charset=utf-8', 'swagger-ui-bundle.js': 'text/javascript; charset=utf-8' } as const;

/** An asset of the reference page by file name, or undefined for any other name. */
export function referenceAsset(name: string): { contentType: string; body: string } | undefined {
  if (name === 'init.js') return { contentType: 'text/javascript; charset=utf-8', body: initScript };
  if (!Object.hasOwn(packaged, name)) return undefined;
  const file = name as keyof typeof packaged;
  return { contentType: packaged[file], body: bundledText(join(assetsDir(), file)) };
}
