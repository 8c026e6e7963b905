import { handoffRoutes } from '#contracts/handoff-routes';
import { postMessageHandler } from '#shared/message-handlers';

export const { main, handler } = postMessageHandler(handoffRoutes.postMessage);
