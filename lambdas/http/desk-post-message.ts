import { deskRoutes } from '#contracts/desk-routes';
import { postMessageHandler } from '#shared/message-handlers';

export const { main, handler } = postMessageHandler(deskRoutes.deskPostMessage);
