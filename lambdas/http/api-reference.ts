import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { referencePage } from '#shared/api-reference-assets';
import { siteHandler } from '#shared/site-handler';

const page: APIGatewayProxyStructuredResultV2 = {
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' },
  body: referencePage,
};
// The page's links are relative to `/docs` (so it also works under a stage prefix); `/docs/` is sent there.
const toPage: APIGatewayProxyStructuredResultV2 = { statusCode: 301, headers: { location: '../docs', 'cache-control': 'public, max-age=300' }, body: '' };

export const handler = siteHandler(async (event) => (event.rawPath.endsWith('/') ? toPage : page));
