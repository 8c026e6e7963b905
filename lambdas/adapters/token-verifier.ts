import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export type TokenVerifier = (token: string) => Promise<JWTPayload>;

/**
 * Verifies bearer JWTs against the issuer's JWKS (fetched and cached by jose),
 * checking signature, issuer, audience and expiry.
 */
export function jwksTokenVerifier(options: { jwksUrl: string; issuer: string; audience: string }): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ['RS256', 'PS256', 'ES256'],
      clockTolerance: 5,
      // A token without an expiry would never stop working; Maskinporten and OIDC access tokens always carry one.
      requiredClaims: ['exp', 'iat'],
      // Maskinporten tokens live minutes, staff tokens a working day: one issued longer ago than that (or in the future) is refused.
      maxTokenAge: '12h',
    });
    return payload;
  };
}
