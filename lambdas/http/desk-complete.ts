import { deskRoutes } from '#contracts/desk-routes';
import { partyActionHandler } from '#shared/party-action-handler';

export const { main, handler } = partyActionHandler(deskRoutes.deskComplete, (body) => ({ kind: 'complete', resolution: body.resolution }));
