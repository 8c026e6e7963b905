import { routes } from '#contracts/routes';
import { listMessagesHandler } from '#shared/message-handlers';

export const { main, handler } = listMessagesHandler(routes.deskListMessages);
