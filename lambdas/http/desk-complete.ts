import { routes } from '#contracts/routes';
import { partyActionHandler } from '#shared/party-action-handler';

export const { main, handler } = partyActionHandler(routes.deskComplete, (body) => ({ kind: 'complete', resolution: body.resolution }));
