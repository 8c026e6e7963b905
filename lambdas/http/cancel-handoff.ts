import { handoffRoutes } from '#contracts/handoff-routes';
import { partyActionHandler } from '#shared/party-action-handler';

export const { main, handler } = partyActionHandler(handoffRoutes.cancelHandoff, (body) => ({ kind: 'cancel', reason: body.reason }));
