import { systemChromium } from './browser.ts';

/**
 * Vitest global setup: on a machine without a system Chromium, unpacks the
 * Chromium that `@sparticuz/chromium` ships inside its npm package, once,
 * before any worker starts (two processes unpacking at once collide), and
 * hands its path to the workers. A system Chromium or `CHROMIUM_PATH` wins.
 */
export default async function setup() {
  if (systemChromium()) return;
  const { default: chromium } = await import('@sparticuz/chromium');
  process.env.CHROMIUM_PATH = await chromium.executablePath();
  process.env.CHROMIUM_FROM_REGISTRY = '1';
}
