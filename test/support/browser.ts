import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots land here; CI keeps them as test artefacts. */
export const artifactsDir = new URL('../../test-artifacts/', import.meta.url).pathname;

/** The Chromium .ci/run checks for: CHROMIUM_PATH, else `chromium` on the PATH. */
const chromiumPath = () =>
  process.env.CHROMIUM_PATH ?? (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'chromium')).find(existsSync) ?? '/usr/bin/chromium';

/** Debian's Chromium, with the flags that keep it off the (closed) internet. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}; install Debian's chromium package (bash .ci/run does)`);
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
