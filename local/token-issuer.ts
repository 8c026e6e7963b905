import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { scopes as knownScopes } from '#contracts/routes';
import type { Directory } from '#domain/directory';
import type { SideHandler } from './http-server.ts';

export const localIssuerPath = '/local-issuer';
export const localAudience = 'handoff-broker';

type SigningKey = { privateJwk: JWK; publicJwk: JWK };

async function signingKey(keyFile: string | undefined): Promise<SigningKey> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as SigningKey;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const key = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
  if (keyFile) writeFileSync(keyFile, JSON.stringify(key), { mode: 0o600 });
  return key;
}

/**
 * A development stand-in for Maskinporten: publishes a JWKS and issues
 * Maskinporten-shaped tokens (the `consumer` claim names the organisation) for
 * every agency of the loaded directory. Embedded runtime only.
 */
export async function createLocalIssuer(options: { baseUrl: string; directory: Directory; keyFile?: string | undefined }) {
  const key = await signingKey(options.keyFile);
  const privateKey = await importJWK(key.privateJwk, 'RS256');
  const issuer = `${options.baseUrl}${localIssuerPath}`;

  async function issueToken(orgNumber: string, scope: string[] = Object.keys(knownScopes), lifetimeSeconds = 3600): Promise<string> {
    if (!options.directory.agency(orgNumber)) throw new Error(`organisation ${orgNumber} is not in the directory`);
    return new SignJWT({
      consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${orgNumber}` },
      scope: scope.join(' '),
      client_id: `local-${orgNumber}`,
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.publicJwk.kid! })
      .setIssuer(issuer)
      .setAudience(localAudience)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .setJti(randomUUID())
      .sign(privateKey);
  }

  const json = (response: Parameters<SideHandler>[1], status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };

  /** Reads `{ orgNumber, scope }` as JSON, or a client-credentials form (`client_id`, `scope`). */
  function tokenRequest(contentType: string, body: Buffer): { orgNumber?: string; scope?: string } {
    const text = body.toString('utf8');
    if (/json/.test(contentType)) return text ? (JSON.parse(text) as { orgNumber?: string; scope?: string }) : {};
    const form = new URLSearchParams(text);
    return { orgNumber: form.get('client_id') ?? form.get('orgNumber') ?? undefined, scope: form.get('scope') ?? undefined };
  }

  const handle: SideHandler = async (request, response, body) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith(localIssuerPath)) return false;
    if (request.method === 'GET' && path === `${localIssuerPath}/.well-known/jwks.json`) {
      json(response, 200, { keys: [key.publicJwk] });
      return true;
    }
    if (request.method === 'POST' && path === `${localIssuerPath}/token`) {
      let wanted: { orgNumber?: string; scope?: string };
      try {
        wanted = tokenRequest(request.headers['content-type'] ?? '', body);
      } catch {
        json(response, 400, { error: 'invalid_request', error_description: 'send JSON {"orgNumber": "..."} or a form with client_id' });
        return true;
      }
      const scope = wanted.scope ? wanted.scope.split(/\s+/).filter(Boolean) : Object.keys(knownScopes);
      if (!wanted.orgNumber || !options.directory.agency(wanted.orgNumber)) {
        json(response, 400, {
          error: 'invalid_client',
          error_description: `orgNumber must be one of ${options.directory.agencies.map((agency) => agency.orgNumber).join(', ')}`,
        });
        return true;
      }
      json(response, 200, { access_token: await issueToken(wanted.orgNumber, scope), token_type: 'Bearer', expires_in: 3600, scope: scope.join(' ') });
      return true;
    }
    json(response, 404, { error: 'not_found' });
    return true;
  };

  return { issuer, audience: localAudience, jwksUrl: `${issuer}/.well-known/jwks.json`, issueToken, handle };
}

export type LocalIssuer = Awaited<ReturnType<typeof createLocalIssuer>>;
