import { referencePage } from '#shared/api-reference-assets';
import { siteHandler } from '#shared/site-handler';

export const handler = siteHandler(async () => ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' },
  body: referencePage,
}));
