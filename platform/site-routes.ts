/** Public, unauthenticated pages the broker serves next to the API. */
export const siteRoutes = {
  openapiDocument: { method: 'GET', path: '/openapi.json' },
  apiReference: { method: 'GET', path: '/docs' },
  apiReferenceAsset: { method: 'GET', path: '/docs/{asset}' },
} as const satisfies Record<string, { method: 'GET'; path: string }>;
