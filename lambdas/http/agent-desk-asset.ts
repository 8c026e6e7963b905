import { siteHandler } from '#shared/site-handler';
import { staffPage } from '#shared/staff-pages';

export const handler = siteHandler(async (event) => staffPage('desk', event.pathParameters?.asset ?? '', event.rawPath));
