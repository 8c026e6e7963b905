import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiGatewayEvent } from './api-gateway-event.ts';

export type HttpRoute = { method: string; path: string; invoke: (event: unknown) => Promise<unknown> };

/** Something the local server answers itself, outside the API (the local token issuer). */
export type SideHandler = (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<boolean>;

type CompiledRoute = HttpRoute & { pattern: RegExp; names: string[] };

/** API Gateway's `{name}` and `{name+}` path templates as a regular expression. */
function compile(route: HttpRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    names.push(name);
    // A greedy variable also takes an empty rest: HTTP API routes `/docs/` to `/docs/{asset+}`, and to no plain `/docs` route.
    return greedy ? '(.*)' : '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

/** A path parameter as API Gateway passes it: percent-decoded, or as sent when it is not valid percent-encoding (the handler then refuses it). */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function send(response: ServerResponse, result: unknown) {
  const structured =
    result && typeof result === 'object' && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
  const body = structured.body ?? '';
  response.writeHead(structured.statusCode ?? 200, { ...structured.headers, ...(structured.cookies ? { 'set-cookie': structured.cookies } : {}) });
  response.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/**
 * The local stand-in for API Gateway's HTTP API: matches the declared routes,
 * builds payload-v2 events for the same handlers, and answers unmatched
 * requests the way API Gateway does.
 */
export async function startHttpServer(options: { port: number; host?: string; routes: HttpRoute[]; side?: SideHandler[] }) {
  const routes = options.routes.map(compile);
  const server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      for (const side of options.side ?? []) if (await side(request, response, body)) return;
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      for (const route of routes) {
        if (route.method !== request.method) continue;
        const found = route.pattern.exec(path);
        if (!found) continue;
        const pathParameters = Object.fromEntries(route.names.map((name, index) => [name, decodedSegment(found[index + 1]!)]));
        send(response, await route.invoke(apiGatewayEvent(request, body, { routeKey: `${route.method} ${route.path}`, pathParameters })));
        return;
      }
      send(response, { statusCode: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Not Found' }) });
    })().catch((error: unknown) => {
      // API Gateway answers a failed integration with 500 and this body.
      console.error(error);
      if (!response.headersSent)
        send(response, { statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Internal Server Error' }) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://localhost:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
