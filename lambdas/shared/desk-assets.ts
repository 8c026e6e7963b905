import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deskAssetsConfig, deskPageConfig } from './config.ts';
import { once } from './once.ts';

/**
 * The agent desk's static files (desk/ in the repository): from
 * DESK_ASSETS_DIR when set (a Lambda bundle carries a copy), otherwise from the project.
 */
const assetsDir = once(() => deskAssetsConfig().assetsDir ?? new URL('../../desk/', import.meta.url).pathname);

const files = {
  'index.html': 'text/html; charset=utf-8',
  'desk.js': 'text/javascript; charset=utf-8',
  'desk.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
} as const;

const read = (name: keyof typeof files) => ({ contentType: files[name], body: readFileSync(join(assetsDir(), name), 'utf8') });

export const deskPage = () => read('index.html');

/** An asset of the desk by name: its files, and `config.json` telling the page how advisers sign in. */
export function deskAsset(name: string): { contentType: string; body: string } | undefined {
  if (name === 'config.json') return { contentType: 'application/json', body: JSON.stringify(deskPageConfig()) };
  if (name === 'index.html' || !Object.hasOwn(files, name)) return undefined;
  return read(name as keyof typeof files);
}
