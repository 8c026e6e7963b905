import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, artifactsDir, launchChromium } from '../support/browser.ts';
import { buildingPermitQuestion, org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

describe('the ops dashboard in a real browser', () => {
  let broker: TestRuntime;
  let browser: Browser;
  const ids: Record<string, string> = {};
  const problems: string[] = [];

  beforeAll(async () => {
    broker = await startTestRuntime(testDirectory({}));
    const kari = broker.as(org.oslo);
    const nav = broker.as(org.nav);
    ids.unemployment = (await kari.createHandoff({ body: unemploymentQuestion() })).id;
    ids.social = (await kari.createHandoff({ body: unemploymentQuestion({ topic: 'social-assistance' }) })).id;
    ids.permit = (await nav.createHandoff({ body: buildingPermitQuestion('4601') })).id;
    await eventually(async () => expect((await nav.getHandoff({ params: { id: ids.unemployment! } })).status).toBe('offered'));
    await nav.acceptHandoff({ params: { id: ids.unemployment }, body: {} });
    await broker.settle();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await broker?.stop();
  });

  async function signIn(person: RegExp): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`));
    await page.goto(`${broker.url}/ops`);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('button', { name: person }).click();
    await page.getByRole('table', { name: 'Overføringer' }).waitFor();
    return page;
  }

  const rowsOf = (page: Page) => page.locator('#transfer-table tbody tr[data-id]');

  it('an operator at the welfare agency filters the transfers, reads the insights, opens a verified timeline and downloads CSV', async () => {
    const page = await signIn(/Mari Dahl/);
    await eventually(async () => expect(await rowsOf(page).count()).toBe(3));
    await expect(page.locator('#figures dd').first().innerText()).resolves.toBe('3');
    expect(await page.locator('#chart-hours').getAttribute('aria-label')).toMatch(/Overføringer per time: 00 \d+/);
    await page.getByRole('table', { name: 'Strømmer mellom virksomheter' }).getByText('Bergen kommune').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'ops-1-overview.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    // Filter: incoming transfers about unemployment benefit.
    await page.getByLabel('Retning', { exact: true }).selectOption('in');
    await page.getByLabel('Tema', { exact: true }).selectOption('unemployment-benefit');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await eventually(async () => expect(await rowsOf(page).count()).toBe(1));
    expect(await rowsOf(page).first().getAttribute('data-id')).toBe(ids.unemployment);

    // Its timeline, with the chain verified.
    await rowsOf(page).first().getByRole('button').click();
    await page.getByText('Verifisert: alle 4 oppføringene er uendret og i rekkefølge.').waitFor();
    expect(await page.locator('#entries li').count()).toBe(4);
    await page.screenshot({ path: join(artifactsDir, 'ops-2-timeline.png'), fullPage: true });

    // CSV of what the filters show.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Last ned CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toContain('handoff_id');
    expect(csv.slice(1).map((row) => row.split(',')[0])).toEqual([ids.unemployment]);

    // The same page in English.
    await page.getByLabel('Språk').selectOption('en');
    await page.getByRole('heading', { name: 'Operations' }).waitFor();
    await page.getByRole('table', { name: 'Transfers' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  }, 300_000);

  it('shows an operator of another agency only the transfers that agency took part in', async () => {
    const page = await signIn(/Ida Lie/);
    await eventually(async () => expect(await rowsOf(page).count()).toBe(1));
    expect(await rowsOf(page).first().getAttribute('data-id')).toBe(ids.permit);
    await expect(page.locator('#figures dd').first().innerText()).resolves.toBe('1');
    expect(await page.content()).not.toContain(ids.unemployment);
    await page.screenshot({ path: join(artifactsDir, 'ops-3-other-agency.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 60_000);
});
