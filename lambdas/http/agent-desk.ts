import { siteHandler } from '#shared/site-handler';
import { staffPage } from '#shared/staff-pages';

/** The agent desk page; it signs the adviser in itself, then calls the desk API. */
export const handler = siteHandler(async () => staffPage('desk'));
