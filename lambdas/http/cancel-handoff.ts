import { routes } from '#contracts/routes';
import { partyActionHandler } from '#shared/party-action-handler';

export const { main, handler } = partyActionHandler(routes.cancelHandoff, (body) => ({ kind: 'cancel', reason: body.reason }));
