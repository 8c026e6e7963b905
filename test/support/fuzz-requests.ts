/**
 * Generated HTTP requests for fuzzing the broker's API (issue #8): every
 * declared route, found by walking the route table and the site routes, with
 * bodies, queries and paths derived from the zod contract and then made
 * hostile. The arbitrary is pure: credentials are descriptions the runner
 * turns into tokens, and real ids and cursors come from a seeded world.
 */
import fc from 'fast-check';
import type * as z from 'zod';
import { routes, type CallerKind, type RouteDefinition } from '#contracts/routes';
import type { CreateHandoffRequest } from '#contracts/handoff';
import { topicCodes } from '#contracts/topics';
import type { Directory } from '#domain/directory';
import { siteRoutes } from '#platform/site-routes';
import { buildingPermitQuestion, org, syntheticDNumber, syntheticNationalId, unemploymentQuestion } from './fixtures.ts';

// ---------------------------------------------------------------------------
// What the fuzz knows about the running broker
// ---------------------------------------------------------------------------

type Person = { orgNumber: string; personId: string };

/** Facts about the broker under test: its directory, and the handoffs, messages and cursors seeded into it. */
export type FuzzWorld = {
  partners: string[];
  bots: { orgNumber: string; botId: string }[];
  queues: { orgNumber: string; queueId: string }[];
  advisers: Person[];
  operators: Person[];
  municipalityNumbers: string[];
  /** Real handoffs and the agencies taking part in each (origin first). */
  handoffs: { id: string; parties: string[] }[];
  messageIds: string[];
  /** `nextCursor`s given out by real listings (inbox, audit search), to be replayed by their owner and anywhere else. */
  cursors: SeededCursor[];
};

/** A cursor a listing (a route id) gave out to an agency. */
export type SeededCursor = { value: string; listing: string; owner: string };

/** The directory half of a world; the runner adds what it seeded. */
export function directoryFacts(directory: Directory): Omit<FuzzWorld, 'handoffs' | 'messageIds' | 'cursors'> {
  const agencies = directory.agencies;
  return {
    partners: agencies.map((agency) => agency.orgNumber),
    bots: agencies.flatMap((agency) => agency.bots.map((bot) => ({ orgNumber: agency.orgNumber, botId: bot.id }))),
    queues: agencies.flatMap((agency) => agency.queues.map((queue) => ({ orgNumber: agency.orgNumber, queueId: queue.id }))),
    advisers: agencies.flatMap((agency) => agency.advisers.map((adviser) => ({ orgNumber: agency.orgNumber, personId: adviser.id }))),
    operators: agencies.flatMap((agency) => agency.operators.map((operator) => ({ orgNumber: agency.orgNumber, personId: operator.id }))),
    municipalityNumbers: agencies.flatMap((agency) => (agency.kind === 'municipality' && agency.municipalityNumber ? [agency.municipalityNumber] : [])),
  };
}

/** Who the request claims to be; the runner issues the token at send time (tokens expire, generated requests do not). */
export type Credential =
  | { kind: 'partner'; orgNumber: string; scopes?: string[] }
  | { kind: 'staff'; orgNumber: string; personId: string }
  | { kind: 'none' }
  /** An Authorization header sent exactly as written. */
  | { kind: 'literal'; value: string }
  /** A real token with its signature altered. */
  | { kind: 'tampered'; of: { kind: 'partner'; orgNumber: string } | { kind: 'staff'; orgNumber: string; personId: string } };

export type FuzzRequest = {
  /** The declared endpoint the request was generated from (it may no longer match it after mutation). */
  endpoint: string;
  method: string;
  /** Already percent-encoded, possibly invalidly so; sent as written. */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  credential: Credential;
  /** Header values are latin1 strings (non-ASCII text is sent as its UTF-8 bytes); a name may repeat. */
  headers: [string, string][];
  body?: Uint8Array;
  /** `raw` goes through node:http with the path as written: fetch would normalise dot segments or refuse a GET body. */
  transport: 'fetch' | 'raw';
  /** What the generator did, in words, for failure reports. */
  shape: string[];
};

// ---------------------------------------------------------------------------
// The declared endpoints, walked from the contract
// ---------------------------------------------------------------------------

export type Endpoint = {
  id: string;
  method: string;
  path: string;
  caller: CallerKind | 'public';
  route?: RouteDefinition;
};

/** Every API route and every site route, as the broker declares them. */
export const declaredEndpoints: Endpoint[] = [
  ...Object.entries(routes as Record<string, RouteDefinition>).map(([id, route]) => ({
    id,
    method: route.method,
    path: route.path,
    caller: route.caller,
    route,
  })),
  ...Object.entries(siteRoutes).map(([id, route]) => ({ id: `site:${id}`, method: route.method, path: route.path, caller: 'public' as const })),
];

// ---------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------

/** JSON text placed verbatim in a body: nesting deeper than JSON.stringify would care to build. */
class RawJson {
  constructor(
    readonly text: string,
    readonly label: string,
  ) {}
}

/** Strings that have broken parsers, databases, logs and renderers before. */
const oddStrings = [
  '\uD800',
  'lone \uDC00 low surrogate',
  '\uDBFF\uDFFF',
  'line\u2028separator\u2029',
  '\u0000',
  'nul\u0000inside',
  '\u200F\u202Egnp.exe\u202C',
  'zero\u200Bwidth\u200Djoiner',
  '１２３４５６７８９',
  '８８９６４０７８２',
  '٠٣٠١',
  '\uFEFFbom',
  '\uFFFE\uFFFF',
  'e\u0301\u0301\u0301',
  'İstanbul ı ß ﬀ',
  '👩‍👩‍👧 🙂 𝕏',
  '\u001B[31mred\u001B[0m',
  '\r\n\r\nX-Injected: 1',
  '\\u0000',
  '"quoted"',
  "'; DROP TABLE handoffs; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile string that looks like a template, on purpose.
  '${process.env}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  ' ',
  '',
] as const;

const oddString = fc.constantFrom(...oddStrings);

const hugeString = fc
  .constantFrom(4_001, 65_536, 300_001, 1_000_000)
  .chain((length) => fc.constantFrom('a', 'ø', '😀', '\u2028').map((unit) => unit.repeat(Math.ceil(length / unit.length))));

const deepArray = (depth: number) => new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`, `${depth}-deep array`);
const deepObject = (depth: number) => new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, `${depth}-deep object`);
const wideArray = (width: number) =>
  new RawJson(`[${Array.from({ length: width }, () => '{"from":"citizen","text":"x","at":"2026-11-24T08:00:00Z"}').join(',')}]`, `${width}-wide array`);

const hugeStructure = fc.oneof(
  fc.constantFrom(100, 10_000, 100_000).map(deepArray),
  fc.constantFrom(1_000, 10_000).map(deepObject),
  fc.constantFrom(501, 10_000).map(wideArray),
);

/** An object carrying the keys that pollute prototypes when merged naively, as its own properties. */
function withOwnKeys(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const pollutingKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf');
const pollution = pollutingKey.map((key) => withOwnKeys([[key, key === 'constructor' ? { prototype: { polluted: true } } : { polluted: true }]]));

const wrongType = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  {},
  '',
  '0',
  'true',
  'null',
  [null],
  [{}],
);

/** A value in a place that expects something else. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: wrongType },
  { weight: 4, arbitrary: oddString },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: hugeStructure },
  { weight: 1, arbitrary: pollution },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Names of fields the contract does not have. */
const unknownKey = fc.oneof(pollutingKey, fc.constantFrom('extra', 'id', 'status', 'version', 'orgNumber', 'kind', '', ' ', 'text ', 'Text'), oddString);

// ---------------------------------------------------------------------------
// Dates, cursors, ids: values with meaning
// ---------------------------------------------------------------------------

/** Valid, far-future, far-past, off-by-one and plainly invalid RFC 3339 dates. */
const dateText = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '9999-12-31T23:59:59Z',
      '+275760-09-13T00:00:00.000Z',
      '0001-01-01T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '2016-12-31T23:59:60Z',
      '2026-02-29T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-24T24:00:00Z',
      '2026-11-24T08:00:00+14:00',
      '2026-11-24T08:00:00-23:59',
      '2026-11-24T08:00:00.123456789Z',
      '2026-11-24',
      '2026-11-24T08:00:00',
      'now',
      'yesterday',
      '1764000000',
      '',
    ),
  },
  { weight: 1, arbitrary: oddString },
);

/** A real cursor's key, altered: the same partition with odd sort keys, extra attributes or wrong types. */
function forgedCursor(cursor: string): fc.Arbitrary<string> {
  let key: Record<string, unknown>;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return fc.constant(cursor);
  }
  const names = Object.keys(key);
  return fc
    .record({
      drop: fc.subarray(names, { maxLength: 1 }),
      replace: fc.option(fc.tuple(fc.constantFrom(...names), hostileValue), { nil: undefined }),
      add: fc.option(fc.tuple(unknownKey, wrongType), { nil: undefined }),
    })
    .map(({ drop, replace, add }) => {
      const forged: [string, unknown][] = Object.entries(key).filter(([name]) => !drop.includes(name));
      const entries = forged.map(([name, value]): [string, unknown] => (replace && replace[0] === name ? [name, replace[1]] : [name, value]));
      if (add) entries.push(add);
      return Buffer.from(jsonText(withOwnKeys(entries))).toString('base64url');
    });
}

/** Cursors: the caller's own from this listing (as given, or forged), anyone's from any listing, and made-up ones. */
function cursorText(world: FuzzWorld, listing?: string, callerOrg?: string): fc.Arbitrary<string> {
  const own = world.cursors.filter((cursor) => cursor.listing === listing && cursor.owner === callerOrg).map((cursor) => cursor.value);
  const any = world.cursors.map((cursor) => cursor.value);
  const real = [
    ...(own.length
      ? [
          { weight: 4, arbitrary: fc.constantFrom(...own) },
          { weight: 4, arbitrary: fc.constantFrom(...own).chain(forgedCursor) },
        ]
      : []),
    ...(any.length
      ? [
          { weight: 2, arbitrary: fc.constantFrom(...any) },
          { weight: 1, arbitrary: fc.constantFrom(...any).chain(forgedCursor) },
        ]
      : []),
  ];
  return fc.oneof(
    ...real,
    { weight: 1, arbitrary: world.messageIds.length ? fc.constantFrom(...world.messageIds) : fc.uuid() },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')) },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(500), 'x'.repeat(501), '0', '-1', 'null', 'undefined') },
    { weight: 1, arbitrary: oddString },
  );
}

/** Values that fit a field by its name, so generated requests get past the directory checks. */
function meaningfulValue(world: FuzzWorld, key: string): fc.Arbitrary<unknown> | undefined {
  switch (key) {
    case 'orgNumber':
    case 'counterpart':
      return fc.constantFrom(...world.partners, '123456789', '889640781', '000000000');
    case 'botId':
      return fc.constantFrom(...world.bots.map((bot) => bot.botId), 'nobody');
    case 'queueId':
      return fc.constantFrom(...world.queues.map((queue) => queue.queueId), 'no-such-queue');
    case 'municipalityNumber':
      return fc.constantFrom(...world.municipalityNumbers, '0000', '9999');
    case 'language':
      return fc.constantFrom('nb', 'nn', 'en', 'ro', 'en-GB', 'se', 'zz-Latn-XX', 'x-klingon');
    case 'nationalId':
      return fc.constantFrom(syntheticNationalId, syntheticDNumber, '01019010047', '00000000000');
    case 'conversationId':
    case 'reference':
      return fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constant(`fnr ${syntheticNationalId}`));
    case 'at':
    case 'from':
    case 'to':
      return dateText;
    case 'after':
    case 'cursor':
      return cursorText(world);
    case 'limit':
      return fc.constantFrom('1', '2', '0', '-1', '100', '101', '200', '201', '1e2', '0x10', '1.5', ' 5', 'NaN', 'Infinity', '９', '', '9'.repeat(400));
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// A small zod-4-schema-to-arbitrary walker (the types the contract uses)
// ---------------------------------------------------------------------------

type Schema = z.core.$ZodType;
type CheckDef = { check: string; minimum?: number; maximum?: number; value?: number; inclusive?: boolean; format?: string; pattern?: RegExp };

const checksOf = (schema: Schema): CheckDef[] => ((schema._zod.def as { checks?: { _zod: { def: CheckDef } }[] }).checks ?? []).map((check) => check._zod.def);

function stringFrom(schema: Schema): fc.Arbitrary<string> {
  const format = (schema._zod.def as { format?: string }).format;
  if (format === 'uuid') return fc.uuid();
  if (format === 'email') return fc.emailAddress();
  if (format === 'datetime') return dateText;
  const checks = checksOf(schema);
  const pattern = checks.find((check) => check.check === 'string_format' && check.pattern)?.pattern;
  if (pattern) return fc.stringMatching(pattern);
  const minLength = checks.find((check) => check.check === 'min_length')?.minimum ?? 0;
  const maxLength = Math.min(checks.find((check) => check.check === 'max_length')?.maximum ?? 60, 60);
  const lengths = { minLength, maxLength: Math.max(minLength, maxLength) };
  // Odd Unicode in fields that pass validation, so it reaches the store, the bus and the webhooks.
  return fc.oneof(
    { weight: 3, arbitrary: fc.string(lengths) },
    { weight: 1, arbitrary: fc.string({ ...lengths, unit: 'binary' }) },
    { weight: 1, arbitrary: oddString.filter((text) => text.trim().length >= minLength && text.length <= lengths.maxLength) },
  );
}

function numberFrom(schema: Schema): fc.Arbitrary<number> {
  const checks = checksOf(schema);
  const min = checks.find((check) => check.check === 'greater_than')?.value ?? -10;
  const max = checks.find((check) => check.check === 'less_than')?.value ?? 1_000;
  return fc.integer({ min: Math.max(min, -1e6), max: Math.min(max, 1e6) });
}

/**
 * A valid-looking value for the schema. Refinements (check digits, consent
 * rules) are not modelled: the hints by field name and the valid fixture
 * bodies carry those, and what fails them is a 422 worth sending too.
 */
export function fromSchema(schema: Schema, world: FuzzWorld, key = ''): fc.Arbitrary<unknown> {
  const hinted = meaningfulValue(world, key);
  const walked = walk(schema, world, key);
  return hinted ? fc.oneof({ weight: 3, arbitrary: hinted }, { weight: 1, arbitrary: walked }) : walked;
}

function walk(schema: Schema, world: FuzzWorld, key: string): fc.Arbitrary<unknown> {
  const def = (schema as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case 'string':
      return stringFrom(schema);
    case 'number':
      return numberFrom(schema);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries));
    case 'literal':
      return fc.constantFrom(...def.values);
    case 'optional':
    case 'default':
      return fromSchema(def.innerType, world, key);
    case 'nullable':
      return fc.option(fromSchema(def.innerType, world, key), { nil: null });
    case 'array': {
      const maxLength = checksOf(schema).find((check) => check.check === 'max_length')?.maximum ?? 4;
      return fc.array(fromSchema(def.element, world, key), { maxLength: Math.min(maxLength, 4) });
    }
    case 'union':
      return fc.oneof(...def.options.map((option) => fromSchema(option, world, key)));
    case 'pipe':
      return fromSchema(def.in, world, key);
    case 'object': {
      const shape = def.shape as Record<string, Schema>;
      const model = Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, fromSchema(field, world, name)]));
      const requiredKeys = Object.keys(shape).filter((name) => shape[name]!._zod.optin !== 'optional');
      return fc.record(model, { requiredKeys });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

/** JSON text of a value, with RawJson placed verbatim and own `__proto__` keys kept. */
function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : jsonText(item))).join(',')}]`;
  if (value && typeof value === 'object') {
    const members = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${members.map(([name, item]) => `${JSON.stringify(name)}:${jsonText(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A create (or preview) request from the fixtures, handed over by one of the caller's own bots. */
function handoffRequestFrom(world: FuzzWorld, callerOrg: string): fc.Arbitrary<CreateHandoffRequest> {
  const ownBots = world.bots.filter((bot) => bot.orgNumber === callerOrg).map((bot) => bot.botId);
  const target = fc.constantFrom<CreateHandoffRequest['target']>(
    { kind: 'topic' },
    { kind: 'agency', orgNumber: org.nav },
    { kind: 'bot', orgNumber: org.nav, botId: 'frida' },
    { kind: 'bot', orgNumber: org.trondheim, botId: 'tk-assistent' },
    { kind: 'human' },
    { kind: 'human', orgNumber: org.nav },
    { kind: 'queue', orgNumber: org.nav, queueId: 'work' },
    { kind: 'queue', orgNumber: org.nav, queueId: 'pension' },
    { kind: 'queue', orgNumber: org.oslo, queueId: 'service-desk' },
  );
  return fc
    .record({
      base: fc.constantFrom('unemployment', 'building-permit'),
      botId: fc.constantFrom(...(ownBots.length ? ownBots : ['kommune-kari'])),
      conversationId: fc.stringMatching(/^[a-z0-9-]{1,40}$/),
      target,
      reason: fc.constantFrom<CreateHandoffRequest['reason']>('out_of_scope', 'citizen_asked_for_human', 'complex_case', 'risk', 'language'),
      topic: fc.option(fc.constantFrom(...topicCodes), { nil: undefined }),
      language: fc.constantFrom('nb', 'en', 'ro', 'nn'),
      citizen: fc.option(
        fc.constantFrom<NonNullable<CreateHandoffRequest['citizen']>>(
          { contact: { channel: 'phone', phone: '+47 912 34 567' } },
          { contact: { channel: 'email', email: 'citizen@example.no' } },
          { nationalId: syntheticNationalId },
        ),
        { nil: undefined },
      ),
      preference: fc.option(fc.constantFrom('wait' as const, 'callback' as const), { nil: undefined }),
    })
    .map(({ base, botId, conversationId, target, reason, topic, language, citizen, preference }) => {
      // The fixtures pick a random conversation id; it is replaced so a seed always gives the same requests.
      const fixture = base === 'unemployment' ? unemploymentQuestion() : buildingPermitQuestion('5001');
      const consent = citizen?.nationalId ? { ...fixture.consent, shareIdentity: true } : fixture.consent;
      return {
        ...fixture,
        origin: { botId, conversationId },
        target,
        reason,
        language,
        consent,
        ...(topic ? { topic } : {}),
        ...(citizen ? { citizen } : {}),
        ...(preference ? { preference } : {}),
      };
    });
}

/** Every place in a JSON tree, as key paths (the root is []). */
function placesIn(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = [path];
  if (Array.isArray(value)) return here.concat(...value.map((item, index) => placesIn(item, [...path, index])));
  if (value && typeof value === 'object' && !(value instanceof RawJson)) {
    return here.concat(...Object.entries(value).map(([name, item]) => placesIn(item, [...path, name])));
  }
  return here;
}

type Mutation = { at: number; op: 'delete' | 'replace' | 'add-key' | 'wrap-in-array'; value: unknown; key: string };

const removed = Symbol('removed');

/** The tree with one change at one place; containers are copied, never changed in place. */
function mutated(value: unknown, path: (string | number)[], change: (target: unknown) => unknown | typeof removed): unknown {
  if (!path.length) return change(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const next = mutated(copy[head as number], rest, change);
    if (next === removed) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const entries = Object.entries(value as Record<string, unknown>).flatMap(([name, item]): [string, unknown][] => {
    if (name !== head) return [[name, item]];
    const next = mutated(item, rest, change);
    return next === removed ? [] : [[name, next]];
  });
  return withOwnKeys(entries);
}

function applyMutation(value: unknown, mutation: Mutation): { value: unknown; said: string } {
  const places = placesIn(value);
  const path = places[mutation.at % places.length]!;
  const where = path.join('.') || '(root)';
  switch (mutation.op) {
    case 'delete':
      return path.length ? { value: mutated(value, path, () => removed), said: `deleted ${where}` } : { value: undefined, said: 'no body' };
    case 'replace':
      return { value: mutated(value, path, () => mutation.value), said: `${where} = ${describeValue(mutation.value)}` };
    case 'wrap-in-array':
      return { value: mutated(value, path, (target) => [target]), said: `${where} wrapped in an array` };
    case 'add-key':
      return {
        value: mutated(value, path, (target) =>
          target && typeof target === 'object' && !Array.isArray(target) && !(target instanceof RawJson)
            ? withOwnKeys([...Object.entries(target), [mutation.key, mutation.value]])
            : withOwnKeys([[mutation.key, mutation.value]]),
        ),
        said: `unknown field ${where}.${JSON.stringify(mutation.key)} = ${describeValue(mutation.value)}`,
      };
  }
}

function describeValue(value: unknown): string {
  if (value instanceof RawJson) return value.label;
  if (typeof value === 'string') {
    if (value.length <= 40) return JSON.stringify(value);
    return new Set(value).size === 1
      ? `${value.length}-char string of ${JSON.stringify(value.slice(0, 1))}`
      : `${JSON.stringify(value.slice(0, 40))}… (${value.length} chars)`;
  }
  const text = jsonText(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete', 'replace', 'replace', 'add-key', 'wrap-in-array'),
  value: hostileValue,
  key: unknownKey,
});

/** Bytes that are not the JSON the broker asked for. */
const unreadableBody: fc.Arbitrary<{ bytes: Uint8Array; said: string }> = fc.oneof(
  fc
    .constantFrom(
      '',
      '   ',
      '{',
      '{"origin":',
      '[1,2',
      "{'reason':'other'}",
      '{"reason":"other",}',
      'NaN',
      'undefined',
      'null',
      '[]',
      '"text"',
      '42',
      'true',
      '1e999',
      '{"a":1}{"b":2}',
      '{"reason":"out_of_scope","reason":"other"}',
      '\uFEFF{}',
      '{}\u0000',
      '{"text":"\\ud800"}',
      '{"text":"\\u0000"}',
      'a=1&b=2',
      `${'['.repeat(100_000)}`,
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      `${'{"a":'.repeat(10_000)}`,
    )
    .map((text) => ({ bytes: new TextEncoder().encode(text), said: `body ${describeValue(text)}` })),
  fc.constantFrom([0xff, 0xfe, 0x7b, 0x7d], [0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d], [0x1f, 0x8b, 0x08, 0x00], [0xed, 0xa0, 0x80]).map((bytes) => ({
    bytes: Uint8Array.from(bytes),
    said: `body bytes ${Buffer.from(bytes).toString('hex')}`,
  })),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ bytes, said: 'random body bytes' })),
);

/** A body for an endpoint: valid-ish from the contract, the same with hostile changes, or unreadable bytes. */
function bodyFor(endpoint: Endpoint, world: FuzzWorld, callerOrg: string): fc.Arbitrary<{ bytes?: Uint8Array; said: string }> {
  const schema = endpoint.route?.body;
  const asJson = (value: unknown, said: string) => ({ ...(value === undefined ? {} : { bytes: new TextEncoder().encode(jsonText(value)) }), said });
  if (!schema) {
    return fc.oneof(
      { weight: 20, arbitrary: fc.constant({ said: 'no body' }) },
      { weight: 1, arbitrary: hostileValue.map((value) => asJson(value, `unexpected body ${describeValue(value)}`)) },
    );
  }
  const valid =
    endpoint.route === routes.createHandoff || endpoint.route === routes.previewHandoff ? handoffRequestFrom(world, callerOrg) : fromSchema(schema, world);
  return fc.oneof(
    { weight: 9, arbitrary: valid.map((value) => asJson(value, 'contract body')) },
    {
      weight: 7,
      arbitrary: fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => {
        let current = value;
        const said: string[] = [];
        for (const each of mutations) {
          const step = applyMutation(current, each);
          current = step.value;
          said.push(step.said);
        }
        return asJson(current, `contract body with ${said.join('; ')}`);
      }),
    },
    { weight: 4, arbitrary: unreadableBody },
  );
}

// ---------------------------------------------------------------------------
// Paths and queries
// ---------------------------------------------------------------------------

/** Percent-encodes UTF-8 (lone surrogates become U+FFFD, where encodeURIComponent would throw). */
const percentEncoded = (text: string) =>
  Array.from(new TextEncoder().encode(text), (byte) =>
    /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');

/** Percent-encoding no decoder accepts, sent as written. */
const invalidPercent = fc.constantFrom('%FF', '%', '%E0%A4', '%zz', '%C0%AF', '%ED%A0%80', '%0', '%%', '%u0041');

type PathParameter = { text: string; said: string; parties: string[]; raw?: boolean };

function idParameter(world: FuzzWorld): fc.Arbitrary<PathParameter> {
  const real = world.handoffs.length
    ? [
        {
          weight: 10,
          arbitrary: fc.constantFrom(...world.handoffs).map((handoff) => ({ text: handoff.id, said: 'id of a real handoff', parties: handoff.parties })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...world.handoffs)
            .map((handoff) => ({ text: handoff.id.toUpperCase(), said: 'upper-case id of a real handoff', parties: handoff.parties })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom(...world.handoffs), invalidPercent)
            .map(([handoff, bad]) => ({ text: `${handoff.id}${bad}`, said: `real id + ${bad}`, parties: handoff.parties })),
        },
      ]
    : [];
  return fc.oneof(
    ...real,
    { weight: 3, arbitrary: fc.uuid().map((id) => ({ text: id, said: 'unknown uuid', parties: [] })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff')
        .map((id) => ({ text: id, said: `uuid ${id}`, parties: [] })),
    },
    { weight: 2, arbitrary: invalidPercent.map((bad) => ({ text: bad, said: `id ${bad} (invalid percent-encoding)`, parties: [] })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(oddString, fc.string({ maxLength: 40 }), fc.constantFrom('null', 'undefined', '__proto__', 'constructor', '1', '-1', 'x'.repeat(2_000)))
        .map((text) => ({
          text: percentEncoded(text),
          said: `id ${describeValue(text)} (not a uuid)`,
          parties: [],
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('..', '.', '%2e%2e', '%2E', '..%2F..%2Fv1%2Fdirectory')
        .map((text) => ({ text, said: `id ${text} (dot segment)`, parties: [], raw: true })),
    },
  );
}

const assetParameter: fc.Arbitrary<PathParameter> = fc
  .oneof(
    fc.constantFrom(
      'index.html',
      'config.json',
      'desk.js',
      'ops.js',
      'ops.css',
      'page.js',
      'sign-in.js',
      'staff.css',
      'texts.js',
      'favicon.svg',
      'swagger-ui.css',
      'swagger-ui-bundle.js',
      'init.js',
      'chart.umd.js',
    ),
    fc.constantFrom(
      '..%2F..%2Fpackage.json',
      '%2e%2e%2fpackage.json',
      'index.html%00.js',
      '.env',
      `${'x'.repeat(300)}.js`,
      '%FF.js',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'toString',
      'a.JS',
      'a..js',
    ),
    invalidPercent,
  )
  .map((text) => ({ text, said: `asset ${text}`, parties: [] }));

/** The endpoint's path template with its parameters filled in, sometimes bent so it matches nothing or matches oddly. */
function pathFor(endpoint: Endpoint, world: FuzzWorld): fc.Arbitrary<{ path: string; said: string[]; parties: string[]; raw: boolean }> {
  const parameter = endpoint.path.includes('{id}') ? idParameter(world) : endpoint.path.includes('{asset') ? assetParameter : fc.constant(undefined);
  const bend = fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('trailing slash', 'double slash', 'upper case', 'extra segment', 'dot segment', 'backslash') },
  );
  return fc.tuple(parameter, bend).map(([filled, bent]) => {
    let path = filled ? endpoint.path.replace(/\{\w+\+?\}/, filled.text) : endpoint.path;
    if (bent === 'trailing slash') path = `${path}/`;
    if (bent === 'double slash') path = path.replace('/', '//');
    if (bent === 'upper case') path = path.toUpperCase();
    if (bent === 'extra segment') path = `${path}/extra`;
    // Not the leading slash: a request target must start with one, or Node's HTTP parser refuses it before the broker sees it.
    if (bent === 'dot segment') path = path.replace(/(?<=.)\/([^/]+)$/, '/./x/../$1');
    if (bent === 'backslash') path = path.replace(/(?<=.)\/([^/]+)$/, '\\$1');
    return {
      path,
      said: [...(filled ? [filled.said] : []), ...(bent ? [`path bent: ${bent}`] : [])],
      parties: filled?.parties ?? [],
      raw: !!filled?.raw || bent === 'dot segment' || bent === 'backslash' || bent === 'double slash',
    };
  });
}

type QueryPair = [string, string, 'encoded' | 'raw'];

/** Hostile values small enough for a URL: past 16 KB of request line and headers, Node answers 431 before the broker sees the request. */
const hostileQueryValue = fc.oneof(wrongType.map(jsonText), oddString, fc.jsonValue({ maxDepth: 2 }).map(jsonText), fc.constant('['.repeat(300)));

function queryFor(endpoint: Endpoint, world: FuzzWorld, callerOrg: string): fc.Arbitrary<{ query: string; said: string[] }> {
  const shape = (endpoint.route?.query?.shape ?? {}) as Record<string, Schema>;
  const declared = Object.entries(shape).map(([name, schema]) => {
    const fitting = name === 'cursor' ? cursorText(world, endpoint.id, callerOrg) : fromSchema(schema, world, name).map(String);
    return fc.oneof({ weight: 3, arbitrary: fitting }, { weight: 1, arbitrary: hostileQueryValue }).map((value): QueryPair => [name, value, 'encoded']);
  });
  const chosen = declared.length ? fc.tuple(...declared).chain((pairs) => fc.subarray(pairs)) : fc.constant([] as QueryPair[]);
  const extra = fc.oneof(
    fc.tuple(unknownKey.map(String), fc.string({ maxLength: 10 })).map(([name, value]): QueryPair => [name, value, 'encoded']),
    fc
      .tuple(fc.constantFrom(...(Object.keys(shape).length ? Object.keys(shape) : ['limit'])), invalidPercent)
      .map(([name, bad]): QueryPair => [name, bad, 'raw']),
    invalidPercent.map((bad): QueryPair => [bad, '1', 'raw']),
  );
  return fc
    .record({
      chosen,
      // Mostly none, so most requests keep a query the contract knows.
      extras: fc.oneof({ weight: 5, arbitrary: fc.constant<QueryPair[]>([]) }, { weight: 1, arbitrary: fc.array(extra, { minLength: 1, maxLength: 2 }) }),
      repeat: fc.integer({ min: 0, max: 6 }).map((roll) => roll === 0),
      repeatWith: fc.string({ maxLength: 12 }),
    })
    .map(({ chosen: pairs, extras, repeat, repeatWith }) => {
      const said: string[] = [];
      const all = [...pairs];
      if (extras.length) {
        all.push(...extras);
        said.push(`extra query ${extras.map(([name, value]) => `${name}=${value}`).join('&')}`);
      }
      if (repeat && pairs.length) {
        const [name] = pairs[0]!;
        all.push([name, repeatWith, 'encoded']);
        said.push(`repeated query param ${name}`);
      }
      if (pairs.length) said.push(`query ${pairs.map(([name, value]) => `${name}=${describeValue(value)}`).join(' ')}`);
      return {
        query: all.map(([name, value, how]) => (how === 'raw' ? `${name}=${value}` : `${percentEncoded(name)}=${percentEncoded(value)}`)).join('&'),
        said,
      };
    });
}

// ---------------------------------------------------------------------------
// Headers and credentials
// ---------------------------------------------------------------------------

/** Text as header bytes: its UTF-8 read as latin1, which both fetch and node:http send unchanged. */
const headerBytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

/**
 * Mostly the right kind of caller, and mostly one that takes part (in the
 * handoff named in the path, or owns a cursor of this listing), so requests
 * reach past the access checks; otherwise anyone, or no one valid.
 */
function credentialFor(endpoint: Endpoint, world: FuzzWorld, parties: string[]): fc.Arbitrary<Credential> {
  const partner = (orgs: string[]) => fc.constantFrom(...orgs).map((orgNumber): Credential => ({ kind: 'partner', orgNumber }));
  const person = (people: Person[]) => fc.constantFrom(...people).map((who): Credential => ({ kind: 'staff', ...who }));
  const preferred = parties.length ? parties : world.cursors.filter((cursor) => cursor.listing === endpoint.id).map((cursor) => cursor.owner);
  const preferring = <T>(all: T[], orgOf: (each: T) => string, pick: (some: T[]) => fc.Arbitrary<Credential>) => {
    const taking = all.filter((each) => preferred.includes(orgOf(each)));
    return taking.length ? fc.oneof({ weight: 3, arbitrary: pick(taking) }, { weight: 1, arbitrary: pick(all) }) : pick(all);
  };
  const suitable =
    endpoint.caller === 'adviser'
      ? preferring(world.advisers, (who) => who.orgNumber, person)
      : endpoint.caller === 'operator'
        ? preferring(world.operators, (who) => who.orgNumber, person)
        : preferring(world.partners, (orgNumber) => orgNumber, partner);
  const wrongKind =
    endpoint.caller === 'partner'
      ? person([...world.advisers, ...world.operators])
      : fc.oneof(partner(world.partners), person(endpoint.caller === 'adviser' ? world.operators : world.advisers));
  const tampered = fc
    .oneof(
      fc.constantFrom(...world.partners).map((orgNumber) => ({ kind: 'partner' as const, orgNumber })),
      fc.constantFrom(...world.advisers, ...world.operators).map((who) => ({ kind: 'staff' as const, ...who })),
    )
    .map((of): Credential => ({ kind: 'tampered', of }));
  const literal = fc
    .constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer garbage',
      'Bearer a.b.c',
      'Basic dXNlcjpwYXNz',
      'bearer  x',
      `Bearer ${'x'.repeat(4_000)}`,
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      headerBytes('Bearer ø'),
    )
    .map((value): Credential => ({ kind: 'literal', value }));
  if (endpoint.caller === 'public')
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant<Credential>({ kind: 'none' }) },
      { weight: 1, arbitrary: partner(world.partners) },
      { weight: 1, arbitrary: literal },
    );
  return fc.oneof(
    { weight: 80, arbitrary: suitable },
    { weight: 5, arbitrary: fc.constant<Credential>({ kind: 'none' }) },
    { weight: 5, arbitrary: wrongKind },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...world.partners), fc.subarray(['handoffs:read', 'directory:read']))
        .map(([orgNumber, scopes]): Credential => ({ kind: 'partner', orgNumber, scopes })),
    },
    { weight: 3, arbitrary: literal },
    { weight: 3, arbitrary: tampered },
  );
}

/** Keys shared across requests, so some are reused with another body. */
const sharedKeys = ['fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'];

type KeyHeaders = { values: string[]; said?: string };

const idempotencyKeys: fc.Arbitrary<KeyHeaders> = fc.oneof<fc.MaybeWeightedArbitrary<KeyHeaders>[]>(
  { weight: 14, arbitrary: fc.uuid().map((key) => ({ values: [key] })) },
  { weight: 3, arbitrary: fc.constantFrom(...sharedKeys).map((key) => ({ values: [key], said: `shared Idempotency-Key ${key}` })) },
  { weight: 1, arbitrary: fc.constant({ values: [], said: 'no Idempotency-Key' }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('', ' ', 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(8_000), 'nøkkel', 'ключ', '🔑', 'a b', 'tab\there', '"quoted"')
      .map((key) => ({
        values: [headerBytes(key)],
        said: `Idempotency-Key ${describeValue(key)}`,
      })),
  },
  { weight: 1, arbitrary: fc.tuple(fc.uuid(), fc.uuid()).map(([a, b]) => ({ values: [a, b], said: 'two Idempotency-Key headers' })) },
);

const contentTypes = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/problem+json',
      'application/vnd.api+json',
      'APPLICATION/JSON',
      'application/jsonx',
      'application/json; charset=latin1',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '*/*',
      '',
      'garbage',
      headerBytes('application/json; charset=ø'),
    ),
  },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

const otherHeaders = fc.subarray<[string, string]>([
  ['accept', 'text/html'],
  ['accept', '*/*'],
  ['accept-language', 'nb-NO'],
  ['x-forwarded-for', '203.0.113.7, 10.0.0.1'],
  ['origin', 'https://evil.example'],
  ['cookie', 'session=abc'],
  ['content-encoding', 'gzip'],
  ['x-amzn-trace-id', 'Root=1-00000000-000000000000000000000000'],
  ['x-odd', headerBytes('\u202Eodd\u2028')],
]);

// ---------------------------------------------------------------------------
// The request
// ---------------------------------------------------------------------------

const otherMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

function requestFor(endpoint: Endpoint, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  return pathFor(endpoint, world).chain((path) =>
    credentialFor(endpoint, world, path.parties).chain((credential) => {
      const callerOrg = credential.kind === 'partner' || credential.kind === 'staff' ? credential.orgNumber : world.partners[0]!;
      return fc
        .record({
          method: fc.oneof({ weight: 15, arbitrary: fc.constant(endpoint.method) }, { weight: 1, arbitrary: fc.constantFrom(...otherMethods) }),
          query: queryFor(endpoint, world, callerOrg),
          body: bodyFor(endpoint, world, callerOrg),
          contentType: contentTypes,
          key: idempotencyKeys,
          others: otherHeaders,
          viaNodeHttp: fc.integer({ min: 0, max: 4 }),
        })
        .map(({ method, query, body, contentType, key, others, viaNodeHttp }): FuzzRequest => {
          const headers: [string, string][] = [...others];
          const shape = [...path.said, ...query.said];
          if (method !== endpoint.method) shape.push(`method ${method}`);
          if (body.bytes || method === 'POST') {
            if (contentType !== undefined) headers.push(['content-type', contentType]);
            if (contentType !== 'application/json') shape.push(contentType === undefined ? 'no content-type' : `content-type ${JSON.stringify(contentType)}`);
          }
          if (method === 'POST') {
            for (const value of key.values) headers.push(['idempotency-key', value]);
            if (key.said) shape.push(key.said);
          }
          if (body.bytes || endpoint.route?.body) shape.push(body.said);
          if (credential.kind !== 'partner' && credential.kind !== 'staff') shape.push(`credential ${credential.kind}`);
          else if (credential.kind === 'partner' && credential.scopes) shape.push(`partner token with scopes [${credential.scopes.join(' ')}]`);
          const noBodyAllowed = method === 'GET' || method === 'HEAD';
          return {
            endpoint: endpoint.id,
            method,
            path: path.path,
            query: query.query,
            credential,
            headers,
            ...(body.bytes && !(method === 'HEAD') ? { body: body.bytes } : {}),
            transport: path.raw || (noBodyAllowed && body.bytes) || viaNodeHttp === 0 ? 'raw' : 'fetch',
            shape,
          };
        });
    }),
  );
}

/** Requests over every declared endpoint, equally often. */
export function fuzzRequests(world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...declaredEndpoints.map((endpoint) => requestFor(endpoint, world)));
}
