import { createHmac, createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/**
 * Tokens a hostile or confused caller might send: forged, tampered, unsigned,
 * expired, or validly signed but made for someone else. Test support only.
 */

/** The local issuer's key pair as the embedded runtime writes it to `<dataDir>/issuer-key.json`. */
export type IssuerKey = { privateJwk: JWK; publicJwk: JWK; kid: string; privateKey: CryptoKey };

/** Reads the issuer's signing key from a runtime started with a `dataDir` (the runtime object does not expose it). */
export async function readIssuerKey(dataDir: string): Promise<IssuerKey> {
  const { privateJwk, publicJwk } = JSON.parse(readFileSync(join(dataDir, 'issuer-key.json'), 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
  if (!publicJwk.kid) throw new Error('the issuer key has no kid');
  return { privateJwk, publicJwk, kid: publicJwk.kid, privateKey: (await importJWK(privateJwk, 'RS256')) as CryptoKey };
}

/** A fresh RSA key nobody trusts, exported so it can be embedded in a header or published at a foreign JWKS URL. */
export async function foreignKey(kid = `foreign-${randomUUID()}`) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } as JWK, kid };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Claims with the usual times (issued now, five minutes to live) unless the caller sets them. */
const withTimes = (claims: JWTPayload): JWTPayload => {
  const now = nowSeconds();
  return { iat: now, exp: now + 300, jti: randomUUID(), ...claims };
};

/** Signs claims as given (times defaulted), with any protected header: the tool for every signed variant. */
export async function signToken(privateKey: CryptoKey, claims: JWTPayload, header: Record<string, unknown> & { alg: string }): Promise<string> {
  return new SignJWT(withTimes(claims)).setProtectedHeader(header).sign(privateKey);
}

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT (`alg: none` or a case variant), built by hand since no library will make one. */
export function unsignedToken(claims: JWTPayload, alg = 'none'): string {
  return `${segment({ alg, typ: 'JWT' })}.${segment(withTimes(claims))}.`;
}

/**
 * The classic algorithm confusion: HS256 with the issuer's *public* key (as
 * PEM, the form a confused verifier would hand to HMAC) as the shared secret.
 */
export function hmacWithPublicKey(publicJwk: JWK, claims: JWTPayload, kid: string): string {
  const pem = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const signingInput = `${segment({ alg: 'HS256', typ: 'JWT', kid })}.${segment(withTimes(claims))}`;
  return `${signingInput}.${createHmac('sha256', pem).update(signingInput).digest('base64url')}`;
}

/** A tiny JWKS server for a `jku` header: it counts requests, so a test can tell whether the broker went to fetch it. */
export async function startForeignJwks(keys: JWK[]) {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
