import { siteHandler } from '#shared/site-handler';
import { staffPage } from '#shared/staff-pages';

export const handler = siteHandler(async (event) => staffPage('ops', event.pathParameters?.asset ?? '', event.rawPath));
