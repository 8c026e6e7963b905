import * as z from 'zod';
import { DirectoryConfig } from './directory.ts';
import { OpenFloorEnvelope, OpenFloorManifest } from './openfloor.ts';
import { agencyBusEvents, agencyBusSource, HandoffMessageEventV1, HandoffOfferedEventV1, HandoffStatusChangedEventV1 } from './agency-bus.ts';
import { HandoffMessagePostedV1, HandoffTransitionedV1 } from './events.ts';
import { Problem, problemCatalogue, problemMediaType, type ProblemCode } from './problems.ts';
import { problemsOf, routes, scopes, type RouteDefinition } from './routes.ts';
import { HandoffMessageWebhook, HandoffOfferedWebhook, HandoffStatusChangedWebhook } from './webhooks.ts';

type JsonSchema = Record<string, unknown>;

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** The id a schema was registered under with `.meta({ id })`; every public body has one. */
function schemaId(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('every contract body needs .meta({ id }) so it becomes a named component');
  return id;
}

/** All named schemas as OpenAPI components, cross-referenced by $ref. */
function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { target: 'draft-2020-12', uri: componentRef }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((id) => {
        const { $schema: _schema, $id: _id, ...rest } = schemas[id]!;
        return [id, rest];
      }),
  );
}

/**
 * A parameter's schema as OpenAPI reads it: zod writes the named schemas a
 * field uses into the field's own `$defs`, which nothing resolves inside an
 * OpenAPI document. Every named schema is a component, so point there instead.
 */
function withComponentRefs(schema: JsonSchema): JsonSchema {
  const { $defs: _defs, ...rest } = schema;
  const rewrite = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(rewrite)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value).map(([key, item]) => [
              key,
              key === '$ref' && typeof item === 'string' ? item.replace(/^#\/\$defs\//, '#/components/schemas/') : rewrite(item),
            ]),
          )
        : value;
  return rewrite(rest) as JsonSchema;
}

function parametersOf(route: RouteDefinition) {
  const fromShape = (shape: z.ZodObject | undefined, location: 'path' | 'query') =>
    Object.entries(shape?.shape ?? {}).map(([name, field]) => {
      const schema = field as z.ZodType;
      const id = z.globalRegistry.get(schema)?.id;
      const { $schema: _schema, ...inline } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
      return {
        name,
        in: location,
        required: location === 'path' || !schema.safeParse(undefined).success,
        schema: id ? { $ref: componentRef(id) } : withComponentRefs(inline),
      };
    });
  const idempotencyKey =
    route.method === 'POST' && route.idempotent !== false
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            description:
              'A unique key per intended operation (e.g. a UUID). Retrying with the same key and body returns the first answer; the same key with another body is a 422.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ]
      : [];
  return [...fromShape(route.params, 'path'), ...fromShape(route.query, 'query'), ...idempotencyKey];
}

/** The response headers the broker sets, declared once for every response that carries them. */
const responseHeaders = {
  retryAfter: {
    'Retry-After': {
      description: 'Seconds to wait before retrying (with the same Idempotency-Key for a POST).',
      required: true,
      schema: { type: 'string', pattern: '^[0-9]+$' },
    },
  },
  replayed: {
    'Idempotent-Replayed': {
      description: 'Present, `true`, when this answer is the stored first answer to a request with the same Idempotency-Key and body.',
      schema: { type: 'string', enum: ['true'] },
    },
  },
  location: {
    Location: { description: 'Where the created resource is read.', required: true, schema: { type: 'string', format: 'uri-reference' } },
  },
} as const;

/** Statuses whose problems always say when to retry. */
const retryableStatuses = new Set([429, 503]);

function problemResponses(codes: ProblemCode[]) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const { status } = problemCatalogue[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        String(status),
        {
          description: list.map((code) => `\`${code}\`: ${problemCatalogue[code].title}`).join('; '),
          ...(retryableStatuses.has(status) ? { headers: responseHeaders.retryAfter } : {}),
          content: { [problemMediaType]: { schema: { $ref: componentRef(schemaId(Problem)) } } },
        },
      ]),
  );
}

function operationOf(id: string, route: RouteDefinition) {
  return {
    operationId: id,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description
      ? { description: `${route.description}\n\nRequires scope \`${route.scope}\`.` }
      : { description: `Requires scope \`${route.scope}\`.` }),
    security: [{ [route.caller === 'partner' ? 'bearer' : 'staffBearer']: [route.scope] }],
    parameters: parametersOf(route),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: componentRef(schemaId(route.body)) } } } } } : {}),
    responses: {
      [String(route.response.status)]: {
        description: route.summary,
        ...((route.method === 'POST' && route.idempotent !== false) || route.response.location
          ? {
              headers: {
                ...(route.method === 'POST' && route.idempotent !== false ? responseHeaders.replayed : {}),
                ...(route.response.location ? responseHeaders.location : {}),
              },
            }
          : {}),
        content: route.response.mediaType
          ? { [route.response.mediaType]: { schema: { type: 'string' } } }
          : { 'application/json': { schema: { $ref: componentRef(schemaId(route.response.schema)) } } },
      },
      ...problemResponses(problemsOf(route)),
    },
  };
}

const webhookOperation = (operationId: string, schema: z.ZodType, summary: string) => ({
  post: {
    operationId,
    summary,
    security: [{ webhookSignature: [] }],
    description:
      'Signed per Standard Webhooks: verify `webhook-signature` (v1, HMAC-SHA256 over `webhook-id.webhook-timestamp.body`) with the secret issued for your bot. Answer 2xx within 10 s; other answers are retried with backoff, then dead-lettered.',
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: componentRef(schemaId(schema)) } } } },
    responses: { '200': { description: 'Received' } },
  },
});

/** The OpenAPI 3.1 document of the v1 contract, built by walking the route table. */
export function buildOpenApiDocument() {
  // Registers the schemas that no route names but partners still read.
  void [DirectoryConfig, HandoffTransitionedV1, HandoffMessagePostedV1, ...Object.values(agencyBusEvents)];
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [id, route] of Object.entries(routes) as [string, RouteDefinition][]) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(id, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Handoff broker API',
      version: '1.0.0',
      description:
        "Hands a citizen's conversation from one public-sector bot to another agency's bot with its context, so the citizen never starts over. Errors are RFC 9457 problem details; every POST takes an Idempotency-Key.",
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [
      { url: 'http://localhost:3000', description: 'The embedded runtime on your machine (`npm start`; `PORT` moves it).' },
      {
        url: 'https://{host}',
        description: 'A deployed broker: `host` is the API endpoint (or custom domain) its stack outputs, which the operator of the broker gives you.',
        variables: { host: { default: 'handoff-broker.example.no' } },
      },
    ],
    tags: [
      { name: 'Handoffs', description: 'Create handoffs and move them through their states.' },
      {
        name: 'Inbox',
        description: `Pull offers instead of receiving webhooks. A third way: an agency on AWS may have its bots and queues hear on its own EventBridge bus (source \`${agencyBusSource}\`, detail-type the webhook's \`type\`; schemas ${Object.values(
          agencyBusEvents,
        )
          .map(schemaId)
          .join(', ')}), content withheld: read it here.`,
      },
      { name: 'Messages', description: 'Relay the conversation while a human or another bot has it.' },
      {
        name: 'Open Floor',
        description:
          'The bridge for bots that speak the Open Floor Protocol (1.1.0) instead of webhooks: offers arrive as signed invite envelopes with the consented history, messages as utterances; the bot answers here.',
      },
      { name: 'Directory', description: 'Who takes part and what they handle.' },
      { name: 'Desk', description: 'The agent desk’s API, for advisers signed in with their agency’s identity provider.' },
      { name: 'Audit', description: 'For operations staff: the transfers their agency took part in, their tamper-evident timelines, exports and insights.' },
      { name: 'Operations', description: 'For operations staff: webhooks to their agency’s bots that the broker gave up on, and sending them again.' },
    ],
    paths,
    webhooks: {
      'handoff.offered': webhookOperation('receiveHandoffOffered', HandoffOfferedWebhook, 'A conversation is offered to your bot'),
      'handoff.status_changed': webhookOperation('receiveHandoffStatusChanged', HandoffStatusChangedWebhook, 'A handoff your agency takes part in changed'),
      'handoff.message': webhookOperation('receiveHandoffMessage', HandoffMessageWebhook, 'A message in a handoff your bot takes part in'),
      'openfloor.envelope': webhookOperation(
        'deliverOpenFloorEnvelope',
        OpenFloorEnvelope,
        'To a bot that speaks Open Floor, at its serviceUrl: an invite (an offer, with the consented history), an utterance (a relayed message) or an uninvite (the offer or conversation withdrawn); signed as webhooks are',
      ),
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: `A Maskinporten-shaped access token: the \`consumer\` claim names your organisation (\`0192:<orgnr>\`) and \`scope\` holds the scopes. Scopes: ${Object.entries(
            scopes,
          )
            .filter(([scope]) => scope !== 'desk' && scope !== 'audit:read')
            .map(([scope, text]) => `\`${scope}\` (${text})`)
            .join(', ')}`,
        },
        webhookSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description:
            'Set by the broker on every webhook it sends you (Standard Webhooks): `v1,<base64 HMAC-SHA256>` over `webhook-id.webhook-timestamp.body`, keyed by the `whsec_` secret issued for your bot (during a secret rotation, one signature per secret, space-separated: accept any that verifies). Refuse a `webhook-timestamp` more than five minutes away (Standard Webhooks’ recommended window).',
        },
        staffBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A staff member’s access token from the agency’s identity provider (OpenID Connect): `sub` is the adviser or operator id in the directory, `org_number` the agency; scope `desk` for advisers, `audit:read` for operators.',
        },
      },
      schemas: componentSchemas(),
    },
  };
}

/** Stand-alone JSON Schemas for artefacts partners handle outside HTTP bodies. */
export function buildJsonSchemas(): Record<string, JsonSchema> {
  const standalone = {
    HandoffTransitionedV1,
    HandoffMessagePostedV1,
    HandoffOfferedWebhook,
    HandoffStatusChangedWebhook,
    HandoffMessageWebhook,
    HandoffOfferedEventV1,
    HandoffStatusChangedEventV1,
    HandoffMessageEventV1,
    OpenFloorEnvelope,
    OpenFloorManifest,
    Problem,
  };
  return {
    // The directory file as a partner writes it (what has a default may be left out), and as the broker resolves it.
    DirectoryConfig: z.toJSONSchema(DirectoryConfig, { target: 'draft-2020-12', io: 'input' }) as JsonSchema,
    DirectoryConfigResolved: z.toJSONSchema(DirectoryConfig, { target: 'draft-2020-12', io: 'output' }) as JsonSchema,
    ...Object.fromEntries(Object.entries(standalone).map(([name, schema]) => [name, z.toJSONSchema(schema, { target: 'draft-2020-12' }) as JsonSchema])),
  };
}
