import { deskRoutes } from '#contracts/desk-routes';
import { listMessagesHandler } from '#shared/message-handlers';

export const { main, handler } = listMessagesHandler(deskRoutes.deskListMessages);
