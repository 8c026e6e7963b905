import { buildOpenApiDocument } from '#contracts/openapi';
import { once } from '#shared/once';
import { siteHandler } from '#shared/site-handler';

// The same builder that wrote the checked-in contracts/openapi.json, so the served document cannot drift from it.
const document = once(() => JSON.stringify(buildOpenApiDocument()));

export const handler = siteHandler(async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
  body: document(),
}));
