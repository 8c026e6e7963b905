import { referenceAsset } from '#shared/api-reference-assets';
import { siteHandler } from '#shared/site-handler';
import { problemResponse } from '#shared/problem-response';

export const handler = siteHandler(async (event) => {
  const name = event.pathParameters?.asset ?? '';
  const asset = referenceAsset(name);
  if (!asset) return problemResponse('not-found', `no asset ${name}`, { instance: event.rawPath });
  return { statusCode: 200, headers: { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' }, body: asset.body };
});
