import { directoryRoutes } from '#contracts/directory-routes';
import { directory } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#shared/http-handler';

const route = directoryRoutes.getDirectory;
const view = directory().view();

export const main: RouteHandler<typeof route> = async () => view;

export const handler = httpHandler(route, main);
