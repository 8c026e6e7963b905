import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffMessageWebhook } from '#contracts/webhooks';
import { accessibilityViolations, artifactsDir, focusedId, launchChromium, pageLanguage } from '../support/browser.ts';
import { org, testDirectory, unemploymentQuestion } from '../support/fixtures.ts';
import { startRecordingBot, type RecordingBot } from '../support/recording-bot.ts';
import { eventually, startTestRuntime, type TestRuntime } from '../support/test-runtime.ts';

const kariPath = `/bots/${org.oslo}/kommune-kari/webhook`;

describe('the agent desk in a real browser', () => {
  let bots: RecordingBot;
  let broker: TestRuntime;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    bots = await startRecordingBot();
    broker = await startTestRuntime(testDirectory({ [`${org.oslo}/kommune-kari`]: `${bots.url}${kariPath}` }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await broker?.stop();
    await bots?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: join(artifactsDir, `desk-${name}.png`), fullPage: true });

  it('an adviser signs in, sees urgent first, takes the conversation, chats with the citizen and closes it', async () => {
    // Prepare: two citizens waiting in NAV's work queue, the second at risk.
    const kari = broker.as(org.oslo);
    const waiting = await kari.createHandoff({ body: unemploymentQuestion({ target: { kind: 'human' }, reason: 'complex_case' }) });
    const urgent = await kari.createHandoff({
      body: unemploymentQuestion({
        target: { kind: 'human' },
        reason: 'risk',
        context: {
          summary: { text: 'A young person writes that they do not want to live any more.', containsPersonalData: false },
          transcript: [{ from: 'citizen', text: 'Jeg orker ikke mer.', at: new Date().toISOString() }],
          attributes: { municipalityNumber: '0301' },
        },
      }),
    });

    // Act: sign in through the development login (the stand-in for the agency's identity provider).
    await page.goto(`${broker.url}/desk`);
    await page.getByRole('button', { name: 'Logg inn' }).click();
    await page.getByRole('heading', { name: 'Development login' }).waitFor();
    await page.getByRole('button', { name: /Ana Berg/ }).click();
    await page.getByText('Ana Berg, NAV').waitFor();

    // Assess: the work queue lists the urgent conversation first.
    const queue = page.getByRole('list', { name: 'Arbeid: Venter' });
    await eventually(async () => expect(await queue.getByRole('button').count()).toBe(2));
    const items = queue.getByRole('button');
    await expect(items.nth(0).getAttribute('data-id')).resolves.toBe(urgent.id);
    await expect(items.nth(1).getAttribute('data-id')).resolves.toBe(waiting.id);
    expect(await items.nth(0).innerText()).toContain('Haster');
    await shot('1-queues');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Open the urgent one with the keyboard: summary, the consented transcript and crisis help are there.
    await items.nth(0).focus();
    await page.keyboard.press('Enter');
    await page.getByText('A young person writes that they do not want to live any more.').waitFor();
    await page.getByText('Jeg orker ikke mer.').waitFor();
    await page.getByRole('heading', { name: 'Krisehjelp' }).waitFor();
    await shot('2-conversation');

    // Take it: exactly this adviser now has it; the reply box gets the focus.
    await page.getByRole('button', { name: 'Ta samtalen' }).click();
    await page.getByText('Du har tatt samtalen.').waitFor();
    expect(await focusedId(page)).toBe('reply');
    expect((await kari.getHandoff({ params: { id: urgent.id } })).assignee).toMatchObject({ kind: 'queue', adviserId: 'nav-ana' });

    // Chat: the adviser's reply reaches the origin bot by signed webhook; the citizen's answer appears on the desk.
    await page.getByLabel('Svar til innbyggeren').fill('Hei, jeg heter Ana og er her nå. Er du trygg akkurat nå?');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await eventually(() => {
      const relayed = (bots.verifiedFor(kariPath, broker.secrets[`${org.oslo}/kommune-kari`]!) as HandoffMessageWebhook[]).filter(
        (payload) => payload.type === 'handoff.message' && payload.data.message.handoffId === urgent.id,
      );
      expect(relayed.map((payload) => payload.data.message.text)).toEqual(['Hei, jeg heter Ana og er her nå. Er du trygg akkurat nå?']);
    });
    await kari.postMessage({ params: { id: urgent.id }, body: { text: 'Ja, jeg er hjemme.' } });
    await page.getByText('Ja, jeg er hjemme.').waitFor({ timeout: 10_000 });

    // The same desk in English.
    await page.getByLabel('Språk').selectOption('en');
    await page.getByRole('heading', { name: 'Agent desk' }).waitFor();
    await page.getByLabel('Reply to the citizen').waitFor();
    expect(await pageLanguage(page)).toBe('en');
    await shot('3-chat-english');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Close it.
    await page.getByLabel('Outcome').selectOption('resolved');
    await page.getByRole('button', { name: 'Close the conversation' }).click();
    await page.getByText('The conversation is closed.').waitFor();
    expect((await kari.getHandoff({ params: { id: urgent.id } })).status).toBe('completed');
    await shot('4-closed');
    expect(consoleErrors).toEqual([]);
  }, 300_000);
});
