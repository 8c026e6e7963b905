import { z } from 'zod';
import type { Scope } from '#contracts/routes';
import type { Caller } from '#domain/handoff';
import { directory, tokenVerifier } from './dependencies.ts';
import { Forbidden, Unauthenticated } from './http-errors.ts';

/** The Maskinporten claims the broker relies on. */
const MaskinportenClaims = z.object({
  consumer: z.object({
    authority: z.literal('iso6523-actorid-upis'),
    ID: z.string().regex(/^0192:\d{9}$/),
  }),
  scope: z.string().default(''),
  client_id: z.string().optional(),
});

/**
 * Proves who calls: a valid bearer JWT from the configured issuer whose
 * `consumer` names an agency in the directory, holding the route's scope.
 */
export async function authenticate(authorization: string | undefined, scope: Scope): Promise<Caller> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new Unauthenticated('send a bearer token in the Authorization header');
  let payload: unknown;
  try {
    payload = await tokenVerifier()(token);
  } catch (error) {
    throw new Unauthenticated(`the bearer token was not accepted (${error instanceof Error ? error.message : 'invalid'})`);
  }
  const claims = MaskinportenClaims.safeParse(payload);
  if (!claims.success) throw new Unauthenticated('the token has no consumer claim naming an organisation (0192:<orgnr>)');
  const orgNumber = claims.data.consumer.ID.slice('0192:'.length);
  if (!directory().agency(orgNumber)) throw new Forbidden(`organisation ${orgNumber} is not in the broker's directory`);
  const scopes = claims.data.scope.split(/\s+/).filter(Boolean);
  if (!scopes.includes(scope)) throw new Forbidden(`this needs the scope ${scope}`);
  return { orgNumber, clientId: claims.data.client_id ?? null, scopes };
}
