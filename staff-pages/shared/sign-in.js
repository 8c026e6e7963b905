// Signing staff in, for every staff page: OpenID Connect authorization code
// with PKCE against the agency's identity provider (in `npm start`, the local
// development login), and calling the broker's API with the token.

const base64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/**
 * A staff session for one page (`app` is its path: "desk" or "ops"). The
 * token lives in sessionStorage: gone when the tab closes.
 */
export function staffSession(app, { onSignedOut } = {}) {
  const tokenKey = `${app}.token`;
  const pendingKey = `${app}.pkce`;
  const redirectUri = () => `${location.origin}${location.pathname}`;
  let config = null;

  const session = {
    token: sessionStorage.getItem(tokenKey),
    get config() {
      return config;
    },

    /** The signed-in person's claims (name, sub, organisation), read from the token for display only. */
    get claims() {
      if (!session.token) return {};
      const payload = session.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')), (char) => char.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    },

    /** Loads the page's configuration and, when coming back from the identity provider, finishes the sign-in. */
    async start() {
      config = await (await fetch(`${app}/config.json`)).json();
      const params = new URLSearchParams(location.search);
      if (params.has('code')) await session.finish(params);
      return config;
    },

    async signIn() {
      const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
      const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
      sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state }));
      const url = new URL(config.authorizationEndpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri(),
        scope: 'openid',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString();
      location.assign(url.toString());
    },

    async finish(params) {
      const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null');
      sessionStorage.removeItem(pendingKey);
      history.replaceState(null, '', location.pathname);
      if (!pending || pending.state !== params.get('state')) throw new Error('Sign-in failed: the state did not match. Try again.');
      const response = await fetch(config.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: params.get('code'),
          code_verifier: pending.verifier,
          redirect_uri: redirectUri(),
          client_id: config.clientId,
        }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(`Sign-in failed: ${body.error_description ?? body.error}`);
      session.token = body.access_token;
      sessionStorage.setItem(tokenKey, session.token);
    },

    signOut() {
      sessionStorage.removeItem(tokenKey);
      session.token = null;
      onSignedOut?.();
    },

    /** Calls the broker; POSTs get a fresh Idempotency-Key; errors carry the problem's detail and status. */
    async fetch(path, { method = 'GET', body, accept = 'application/json' } = {}) {
      const headers = { authorization: `Bearer ${session.token}`, accept };
      if (method === 'POST') Object.assign(headers, { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() });
      const response = await fetch(path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
      if (response.status === 401) {
        session.signOut();
        throw new Error('signed out');
      }
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        const error = new Error(problem.detail ?? problem.message ?? response.statusText);
        error.status = response.status;
        throw error;
      }
      return response;
    },

    async api(path, options) {
      return (await session.fetch(path, options)).json();
    },
  };
  return session;
}
