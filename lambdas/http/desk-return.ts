import { deskRoutes } from '#contracts/desk-routes';
import { partyActionHandler } from '#shared/party-action-handler';

export const { main, handler } = partyActionHandler(deskRoutes.deskReturn, (body) => ({ kind: 'return', summary: body.summary }));
