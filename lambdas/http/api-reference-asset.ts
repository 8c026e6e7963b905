import { referenceAsset } from '#shared/api-reference-assets';
import { siteHandler } from '#shared/site-handler';
import { problemResponse } from '#shared/problem-response';

export const handler = siteHandler(async (event) => {
  const name = event.pathParameters?.asset ?? '';
  // `/docs/`: the page's links are relative to `/docs` (so it also works under a stage prefix), so the reader is sent there.
  if (name === '') return { statusCode: 301, headers: { location: '../docs', 'cache-control': 'public, max-age=300' }, body: '' };
  const asset = referenceAsset(name);
  if (!asset) return problemResponse('not-found', `no asset ${name}`, { instance: event.rawPath });
  return { statusCode: 200, headers: { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' }, body: asset.body };
});
