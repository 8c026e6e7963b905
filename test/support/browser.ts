import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots land here; CI keeps them as test artefacts. */
export const artifactsDir = new URL('../../test-artifacts/', import.meta.url).pathname;

/** A Chromium on this machine: `CHROMIUM_PATH`, else `chromium` on the PATH (Debian's package, which .ci/run installs). */
export const systemChromium = (): string | undefined =>
  process.env.CHROMIUM_PATH ||
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'chromium'))
    .find(existsSync);

/** Keep the browser off the (closed) internet: without these it stalls trying to reach it. */
const offlineFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * What the Chromium from the npm registry (@sparticuz/chromium, built for Lambda) needs besides: no zygote, and
 * software rendering in-process. Its own list also turns web security off and runs in a single process (which
 * breaks a second browser context); those are left out, so the pages' policies are tested as a browser applies them.
 */
const registryBuildFlags = ['--no-zygote', '--in-process-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--font-render-hinting=none'];

/**
 * The system Chromium, or where there is none, the one from the npm registry
 * that the global setup (browser-setup.ts) unpacked.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = systemChromium();
  if (!executablePath || !existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath ?? 'CHROMIUM_PATH or on the PATH'}, and none unpacked from @sparticuz/chromium`);
  const extra = process.env.CHROMIUM_FROM_REGISTRY === '1' ? registryBuildFlags : [];
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({ executablePath, headless: true, args: [...offlineFlags, ...extra] });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page and returns the serious and critical violations. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through DevTools, so the page's own Content-Security-Policy stays in force for everything else.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const page = globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** The id of the element that has the keyboard focus. */
export const focusedId = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id);

/** The page's language, as its <html lang> says. */
export const pageLanguage = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang);
