import * as z from 'zod';
import type { RouteDefinition } from '#contracts/routes';
import type { Caller } from '#domain/handoff';
import { staffAuthConfig } from './config.ts';
import { staffTokenVerifier, directory, tokenVerifier } from './dependencies.ts';
import { Forbidden, Unauthenticated } from './http-errors.ts';

/** The Maskinporten claims the broker relies on for partner systems. */
const MaskinportenClaims = z.object({
  consumer: z.object({
    authority: z.literal('iso6523-actorid-upis'),
    ID: z.string().regex(/^0192:\d{9}$/),
  }),
  scope: z.string().default(''),
  client_id: z.string().optional(),
  supplier: z.object({ authority: z.literal('iso6523-actorid-upis'), ID: z.string().regex(/^0192:\d{9}$/) }).optional(),
});

const bearerOf = (authorization: string | undefined) => {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new Unauthenticated('send a bearer token in the Authorization header');
  return token;
};

async function verified(verify: (token: string) => Promise<unknown>, token: string): Promise<unknown> {
  try {
    return await verify(token);
  } catch (error) {
    throw new Unauthenticated(`the bearer token was not accepted (${error instanceof Error ? error.message : 'invalid'})`);
  }
}

const scopesOf = (scope: unknown) => (typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : []);

/** A partner system: a Maskinporten token whose `consumer` names an agency in the directory. */
async function partner(token: string, route: RouteDefinition): Promise<Caller> {
  const claims = MaskinportenClaims.safeParse(await verified(tokenVerifier(), token));
  if (!claims.success) throw new Unauthenticated('the token has no consumer claim naming an organisation (0192:<orgnr>)');
  const orgNumber = claims.data.consumer.ID.slice('0192:'.length);
  if (!directory().agency(orgNumber)) throw new Forbidden(`organisation ${orgNumber} is not in the broker's directory`);
  const scopes = scopesOf(claims.data.scope);
  if (!scopes.includes(route.scope)) throw new Forbidden(`this needs the scope ${route.scope}`);
  const supplierOrgNumber = claims.data.supplier ? claims.data.supplier.ID.slice('0192:'.length) : null;
  // A vendor acts for an agency only where the agency says so: Maskinporten proves the delegation exists, the directory that this broker honours it.
  if (
    supplierOrgNumber &&
    !directory()
      .agency(orgNumber)!
      .delegatedTo.some((supplier) => supplier.orgNumber === supplierOrgNumber)
  ) {
    throw new Forbidden(`organisation ${orgNumber} has not delegated access to the supplier ${supplierOrgNumber} in the broker's directory`);
  }
  return { orgNumber, clientId: claims.data.client_id ?? null, supplierOrgNumber, adviserId: null, scopes };
}

/**
 * A member of staff: a token from the agency's identity provider naming the
 * person (sub) and their organisation, who must be listed in the directory as
 * an adviser (desk routes) or an operator (audit routes).
 */
async function staff(token: string, route: RouteDefinition): Promise<Caller> {
  const payload = (await verified(staffTokenVerifier(), token)) as Record<string, unknown>;
  const orgNumber = payload[staffAuthConfig().orgClaim];
  const personId = payload.sub;
  if (typeof orgNumber !== 'string' || typeof personId !== 'string') {
    throw new Unauthenticated(`the token names no person (sub) and organisation (${staffAuthConfig().orgClaim})`);
  }
  const listed = directory()
    .staffRolesOf(orgNumber, personId)
    .some((role) => role === route.caller);
  if (!listed) throw new Forbidden(`${personId} is not ${route.caller === 'adviser' ? 'an adviser' : 'an operator'} of ${orgNumber} in the directory`);
  const scopes = scopesOf(payload.scope);
  if (!scopes.includes(route.scope)) throw new Forbidden(`this needs the scope ${route.scope}`);
  // Operators read and never act, so nothing downstream needs their id once the directory has vouched for them.
  return { orgNumber, clientId: null, supplierOrgNumber: null, adviserId: route.caller === 'adviser' ? personId : null, scopes };
}

/** Proves who calls a route, by the kind of caller the route is for. */
export async function authenticate(authorization: string | undefined, route: RouteDefinition): Promise<Caller> {
  const token = bearerOf(authorization);
  return route.caller === 'partner' ? partner(token, route) : staff(token, route);
}
