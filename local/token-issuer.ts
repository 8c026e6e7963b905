import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { callerScopes } from '#contracts/routes';
import type { Directory } from '#domain/directory';
import { defaultIdentity, settingDefaults } from '#platform/environment';
import type { SideHandler } from './http-server.ts';

const localIssuerPath = '/local-issuer';
/** The broker's audiences and the staff pages' OAuth client, as Maskinporten and an agency's identity provider would register them. */
const { audience: localAudience, staffAudience, staffClientId } = defaultIdentity;
const pendingCodeSeconds = 120;
/** What Maskinporten would grant a partner: the scopes of the partner routes, not the staff ones. */
const partnerScopes = callerScopes.partner;

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

  async function issueToken(orgNumber: string, scope: string[] = partnerScopes, lifetimeSeconds = 3600): Promise<string> {
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

  /** A person's roles at an agency, by the directory: adviser (the desk) and operator (the ops dashboard). */
  // The roles the directory gives a person, and each role the scopes its routes ask for: the same rules the broker checks.
  const rolesOf = (orgNumber: string, personId: string) => {
    const agency = options.directory.agency(orgNumber);
    const name = (agency?.advisers.find((candidate) => candidate.id === personId) ?? agency?.operators.find((candidate) => candidate.id === personId))?.name;
    return { name, scopes: options.directory.staffRolesOf(orgNumber, personId).flatMap((role) => callerScopes[role]) };
  };

  /** A staff member's access token, as the agency's identity provider would issue it for the desk or the ops dashboard. */
  async function issueStaffToken(orgNumber: string, personId: string, lifetimeSeconds = 8 * 3600): Promise<string> {
    const { name, scopes } = rolesOf(orgNumber, personId);
    if (!scopes.length) throw new Error(`${personId} is neither an adviser nor an operator of ${orgNumber}`);
    return new SignJWT({ name, [settingDefaults.staffOrgClaim]: orgNumber, scope: scopes.join(' ') })
      .setProtectedHeader({ alg: 'RS256', kid: key.publicJwk.kid! })
      .setIssuer(issuer)
      .setAudience(staffAudience)
      .setSubject(personId)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .setJti(randomUUID())
      .sign(privateKey);
  }

  /**
   * Codes go back to the broker's own staff pages only: /desk or /ops on this
   * server, reached as localhost or as a loopback address on its port.
   */
  const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);
  const isStaffPage = (uri: string) => {
    try {
      const url = new URL(uri);
      const own = new URL(options.baseUrl);
      const sameServer =
        url.protocol === own.protocol &&
        url.port === own.port &&
        (url.hostname === own.hostname || (loopbackHosts.has(url.hostname) && loopbackHosts.has(own.hostname)));
      return sameServer && ['/desk', '/ops'].includes(url.pathname) && !url.username && !url.password;
    } catch {
      return false;
    }
  };

  /** Authorization codes waiting to be exchanged: the adviser chosen and the PKCE challenge they must answer. */
  const codes = new Map<string, { orgNumber: string; personId: string; challenge: string; redirectUri: string; expires: number }>();
  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

  function loginPage(query: URLSearchParams): string {
    const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(query.get(name) ?? '')}">`)
      .join('');
    const people = (agency: (typeof options.directory.agencies)[number]) => [
      ...agency.advisers.map((adviser) => ({
        id: adviser.id,
        name: adviser.name,
        role: `adviser: ${adviser.queues.join(', ')}; ${adviser.languages.join(', ')}`,
      })),
      ...agency.operators.map((operator) => ({ id: operator.id, name: operator.name, role: 'operations' })),
    ];
    const agencies = options.directory.agencies
      .filter((agency) => people(agency).length)
      .map(
        (agency) =>
          `<fieldset><legend>${escapeHtml(agency.name)}</legend>${people(agency)
            .map(
              (person) =>
                `<button type="submit" name="person" value="${agency.orgNumber}/${person.id}">${escapeHtml(person.name)} <small>(${escapeHtml(person.role)})</small></button>`,
            )
            .join('')}</fieldset>`,
      )
      .join('');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development login</title><link rel="icon" href="data:,">
<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:2rem auto;color:#1a1a1a}button{display:block;margin:.4rem 0;padding:.6rem 1rem;font:inherit;border:2px solid #0b4f9c;background:#fff;color:#0b4f9c;border-radius:6px;cursor:pointer}button:focus-visible{outline:3px solid #e36b00;outline-offset:2px}small{color:#444}fieldset{border:1px solid #767676;margin:1rem 0}</style></head>
<body><main><h1>Development login</h1><p>The embedded runtime's stand-in for your agency's identity provider. Choose who to sign in as.</p>
<form method="post" action="${localIssuerPath}/authorize">${hidden}${agencies || '<p>No advisers or operators in the directory.</p>'}</form></main></body></html>`;
  }

  const json = (response: Parameters<SideHandler>[1], status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };

  /** Reads `{ orgNumber, scope }` as JSON, or a client-credentials form (`client_id`, `scope`). */
  type TokenRequest = { orgNumber?: string; scope?: string; personId?: string };
  function tokenRequest(contentType: string, body: Buffer): TokenRequest {
    const text = body.toString('utf8');
    if (/json/.test(contentType)) return text ? (JSON.parse(text) as TokenRequest) : {};
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
    if (path === `${localIssuerPath}/authorize`) {
      const query = request.method === 'POST' ? new URLSearchParams(body.toString('utf8')) : new URL(request.url ?? '/', 'http://localhost').searchParams;
      const redirectUri = query.get('redirect_uri') ?? '';
      const validRequest =
        query.get('client_id') === staffClientId && isStaffPage(redirectUri) && query.get('code_challenge_method') === 'S256' && !!query.get('code_challenge');
      if (!validRequest) {
        json(response, 400, {
          error: 'invalid_request',
          error_description: `client_id ${staffClientId}, a redirect_uri on ${options.baseUrl} and a S256 code_challenge are required`,
        });
        return true;
      }
      if (request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(loginPage(query));
        return true;
      }
      const [orgNumber = '', personId = ''] = (query.get('person') ?? '').split('/');
      if (!rolesOf(orgNumber, personId).scopes.length) {
        json(response, 400, { error: 'access_denied', error_description: 'choose someone from the list' });
        return true;
      }
      const code = randomBytes(24).toString('base64url');
      codes.set(code, { orgNumber, personId, challenge: query.get('code_challenge')!, redirectUri, expires: Date.now() + pendingCodeSeconds * 1000 });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      if (query.get('state')) back.searchParams.set('state', query.get('state')!);
      response.writeHead(302, { location: back.toString(), 'cache-control': 'no-store' });
      response.end();
      return true;
    }
    if (request.method === 'POST' && path === `${localIssuerPath}/token` && /x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')) {
      const form = new URLSearchParams(body.toString('utf8'));
      if (form.get('grant_type') === 'authorization_code') {
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        for (const [code, waiting] of codes) if (waiting.expires < Date.now()) codes.delete(code);
        const verifier = form.get('code_verifier') ?? '';
        const answered =
          pending && /^[A-Za-z0-9._~-]{43,128}$/.test(verifier) && createHash('sha256').update(verifier).digest('base64url') === pending.challenge;
        if (
          !pending ||
          !answered ||
          pending.expires < Date.now() ||
          pending.redirectUri !== form.get('redirect_uri') ||
          form.get('client_id') !== staffClientId
        ) {
          json(response, 400, { error: 'invalid_grant', error_description: 'unknown, expired or already used code, or a wrong code_verifier' });
          return true;
        }
        json(response, 200, {
          access_token: await issueStaffToken(pending.orgNumber, pending.personId),
          token_type: 'Bearer',
          expires_in: 8 * 3600,
          scope: rolesOf(pending.orgNumber, pending.personId).scopes.join(' '),
        });
        return true;
      }
    }
    if (request.method === 'POST' && path === `${localIssuerPath}/token`) {
      let wanted: TokenRequest;
      try {
        wanted = tokenRequest(request.headers['content-type'] ?? '', body);
      } catch {
        json(response, 400, { error: 'invalid_request', error_description: 'send JSON {"orgNumber": "..."} or a form with client_id' });
        return true;
      }
      const scope = wanted.scope ? wanted.scope.split(/\s+/).filter(Boolean) : partnerScopes;
      if (!wanted.orgNumber || !options.directory.agency(wanted.orgNumber)) {
        json(response, 400, {
          error: 'invalid_client',
          error_description: `orgNumber must be one of ${options.directory.agencies.map((agency) => agency.orgNumber).join(', ')}`,
        });
        return true;
      }
      // A script's shortcut past the sign-in page: a member of staff (adviser or operator) by their id in the directory.
      if (wanted.personId !== undefined) {
        const roles = rolesOf(wanted.orgNumber, String(wanted.personId));
        if (!roles.scopes.length) {
          json(response, 400, {
            error: 'invalid_request',
            error_description: `${String(wanted.personId)} is neither an adviser nor an operator of ${wanted.orgNumber} in the directory`,
          });
          return true;
        }
        json(response, 200, {
          access_token: await issueStaffToken(wanted.orgNumber, String(wanted.personId)),
          token_type: 'Bearer',
          expires_in: 8 * 3600,
          scope: roles.scopes.join(' '),
        });
        return true;
      }
      json(response, 200, { access_token: await issueToken(wanted.orgNumber, scope), token_type: 'Bearer', expires_in: 3600, scope: scope.join(' ') });
      return true;
    }
    json(response, 404, { error: 'not_found' });
    return true;
  };

  return {
    issuer,
    audience: localAudience,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    staff: { audience: staffAudience, clientId: staffClientId, authorizationEndpoint: `${issuer}/authorize`, tokenEndpoint: `${issuer}/token` },
    issueToken,
    issueStaffToken,
    handle,
  };
}
