import { routes } from '#contracts/routes';
import { directory } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = routes.getDirectory;
const view = directory().view();

export const main: RouteHandler<typeof route> = async () => view;

export const handler = httpHandler(route, main);
