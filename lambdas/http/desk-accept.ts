import { deskRoutes } from '#contracts/desk-routes';
import { partyActionHandler } from '#shared/party-action-handler';

export const { main, handler } = partyActionHandler(deskRoutes.deskAccept, () => ({ kind: 'accept' }));
