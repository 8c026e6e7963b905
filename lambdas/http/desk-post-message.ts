import { routes } from '#contracts/routes';
import { postMessageHandler } from '#shared/message-handlers';

export const { main, handler } = postMessageHandler(routes.deskPostMessage);
