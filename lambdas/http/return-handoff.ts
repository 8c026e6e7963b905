import { routes } from '#contracts/routes';
import { partyActionHandler } from '#shared/party-action-handler';

export const { main, handler } = partyActionHandler(routes.returnHandoff, (body) => ({ kind: 'return', summary: body.summary }));
