import { deskAsset } from '#shared/desk-assets';
import { problemResponse } from '#shared/problem-response';
import { siteHandler } from '#shared/site-handler';

export const handler = siteHandler(async (event) => {
  const name = event.pathParameters?.asset ?? '';
  const asset = deskAsset(name);
  if (!asset) return problemResponse('not-found', `no desk asset ${name}`, { instance: event.rawPath });
  return { statusCode: 200, headers: { 'content-type': asset.contentType, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }, body: asset.body };
});
