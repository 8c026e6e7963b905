import { handoffRoutes } from '#contracts/handoff-routes';
import { listMessagesHandler } from '#shared/message-handlers';

export const { main, handler } = listMessagesHandler(handoffRoutes.listMessages);
