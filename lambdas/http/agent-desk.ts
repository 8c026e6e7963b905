import { deskPage } from '#shared/desk-assets';
import { siteHandler } from '#shared/site-handler';

/** The agent desk page. Its security header keeps scripts and connections to this origin and the sign-in provider. */
export const handler = siteHandler(async () => {
  const page = deskPage();
  return {
    statusCode: 200,
    headers: {
      'content-type': page.contentType,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' https:; frame-ancestors 'none'",
    },
    body: page.body,
  };
});
