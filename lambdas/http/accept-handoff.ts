import { handoffRoutes } from '#contracts/handoff-routes';
import { partyActionHandler } from '#shared/party-action-handler';

export const { main, handler } = partyActionHandler(handoffRoutes.acceptHandoff, () => ({ kind: 'accept' }));
