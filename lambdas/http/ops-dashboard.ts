import { siteHandler } from '#shared/site-handler';
import { staffPage } from '#shared/staff-pages';

/** The ops dashboard page; it signs the operator in itself, then calls the audit API. */
export const handler = siteHandler(async () => staffPage('ops'));
