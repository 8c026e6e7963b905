import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { topicEntries } from '#contracts/directory';
import { bundledText } from './bundled-file.ts';
import { staffPagesConfig, staffSignInConfig } from './config.ts';
import { directory } from './dependencies.ts';
import { once } from './once.ts';
import { problemResponse } from './problem-response.ts';

export type StaffApp = 'desk' | 'ops';

/**
 * The staff pages (the agent desk and the ops dashboard) are static files in
 * staff-pages/: one folder per page and a shared folder with the sign-in
 * module. STAFF_PAGES_DIR points at a copy in a Lambda bundle.
 */
const pagesDir = once(() => staffPagesConfig().pagesDir ?? new URL('../../staff-pages/', import.meta.url).pathname);

const mediaTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The page's own folder first, then the shared one; Chart.js for the dashboard from the installed package when not bundled. */
function locate(app: StaffApp, name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]*\.(html|js|css|svg)$/.test(name)) return undefined;
  for (const folder of [app, 'shared']) {
    const path = join(pagesDir(), folder, name);
    if (existsSync(path)) return path;
  }
  // chart.js does not export its UMD build; it sits next to the package's main file.
  if (app === 'ops' && name === 'chart.umd.js') return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
  return undefined;
}

/** What a staff page needs to know at start: how to sign in, and for the dashboard the topics and agencies to filter by. */
const configOf = (app: StaffApp) => ({
  ...staffSignInConfig(),
  ...(app === 'ops' ? { topics: topicEntries(), agencies: directory().agencies.map((agency) => ({ orgNumber: agency.orgNumber, name: agency.name })) } : {}),
});

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https:; frame-ancestors 'none'",
};

export function staffPage(app: StaffApp, asset?: string, instance?: string): APIGatewayProxyStructuredResultV2 {
  if (asset === 'config.json') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...securityHeaders },
      body: JSON.stringify(configOf(app)),
    };
  }
  const name = asset ?? 'index.html';
  const path = asset === 'index.html' ? undefined : locate(app, name);
  if (!path) return problemResponse('not-found', `no ${app} asset ${name}`, instance ? { instance } : {});
  const type = mediaTypes[name.slice(name.lastIndexOf('.'))]!;
  return { statusCode: 200, headers: { 'content-type': type, 'cache-control': 'no-cache', ...securityHeaders }, body: bundledText(path) };
}
