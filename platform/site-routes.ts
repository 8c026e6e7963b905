/** Public, unauthenticated pages the broker serves next to the API: the API reference, the agent desk and the ops dashboard (both sign staff in themselves). */
export const siteRoutes = {
  openapiDocument: { method: 'GET', path: '/openapi.json', serves: 'docs' },
  apiReference: { method: 'GET', path: '/docs', serves: 'docs' },
  // Greedy, so `/docs/` (which API Gateway routes to no plain route) reaches the reference too.
  apiReferenceAsset: { method: 'GET', path: '/docs/{asset+}', serves: 'docs' },
  agentDesk: { method: 'GET', path: '/desk', serves: 'desk' },
  agentDeskAsset: { method: 'GET', path: '/desk/{asset}', serves: 'desk' },
  opsDashboard: { method: 'GET', path: '/ops', serves: 'desk' },
  opsDashboardAsset: { method: 'GET', path: '/ops/{asset}', serves: 'desk' },
} as const satisfies Record<string, { method: 'GET'; path: string; serves: 'docs' | 'desk' }>;
