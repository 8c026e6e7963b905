/**
 * A welfare agency's bot (NAV's Frida) on the handoff broker, built on the
 * client package. It takes offers for its topics, greets the citizen with
 * what it was told (so nobody starts over), answers the citizen's messages
 * and completes when the citizen is done. Run it with
 *
 *   WEBHOOK_SECRET=whsec_… node --import tsx examples/welfare-bot.ts
 *
 * and see README.md, "Integrate your bot in 15 minutes".
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { BrokerProblem, createBrokerClient, webhookListener, type Schemas, type WebhookPayload } from '@handoff-broker/client';

export type WelfareBotOptions = {
  port: number;
  /** The broker's address; the bot calls it back to accept, talk and complete. */
  brokerUrl: string;
  /** This bot's webhook signing secret, as the broker issued it (`whsec_…`). */
  secret: string;
  /** A Maskinporten access token for this agency (locally: the broker's stand-in issuer). */
  token: () => Promise<string>;
  topics?: Schemas['Topic'][];
  say?: (line: string) => void;
};

export async function startWelfareBot(options: WelfareBotOptions) {
  const say = options.say ?? console.log;
  const topics = options.topics ?? ['unemployment-benefit', 'sick-pay', 'child-benefit', 'pension'];
  const broker = createBrokerClient({ baseUrl: options.brokerUrl, token: options.token });
  // Conversations this bot has taken and not yet ended, by handoff id.
  const talking = new Set<string>();

  async function onPayload(payload: WebhookPayload) {
    if (payload.type === 'handoff.offered') {
      const { handoff } = payload.data;
      const id = handoff.id;
      try {
        // Keys made from the handoff id: should this offer ever be handled twice, the broker answers the first call again.
        if (!topics.includes(handoff.topic)) {
          await broker.declineHandoff({ params: { id }, body: { reason: 'out_of_scope' }, idempotencyKey: `decline-${id}` });
          return say(`welfare bot: declined ${id.slice(0, 8)} (${handoff.topic} is not ours)`);
        }
        await broker.acceptHandoff({ params: { id }, body: {}, idempotencyKey: `accept-${id}` });
      } catch (error) {
        // 409: the offer is no longer open (the citizen left, or it expired); nothing to do.
        if (error instanceof BrokerProblem && error.status === 409) return say(`welfare bot: ${id.slice(0, 8)} is no longer offered`);
        throw error;
      }
      talking.add(id);
      const summary = handoff.context?.summary.text ?? 'what you asked about';
      const greeting = `Hei! Jeg er Frida fra NAV. Jeg har lest at: «${summary}» Jeg hjelper deg videre herfra.`;
      await broker.postMessage({ params: { id }, body: { text: greeting }, idempotencyKey: `greeting-${id}` });
      say(
        `welfare bot: accepted ${id.slice(0, 8)} about ${handoff.topic} with ${handoff.context?.transcript?.length ?? 0} transcript messages, and greeted the citizen`,
      );
    } else if (payload.type === 'handoff.message') {
      const { message } = payload.data;
      if (!talking.has(message.handoffId)) return;
      say(`welfare bot: the citizen says «${message.text}»`);
      if (/takk|thanks/i.test(message.text)) {
        await broker.completeHandoff({ params: { id: message.handoffId }, body: { resolution: 'resolved' }, idempotencyKey: `complete-${message.handoffId}` });
        talking.delete(message.handoffId);
        say(`welfare bot: completed ${message.handoffId.slice(0, 8)}`);
      }
    } else {
      // Cancelled, returned, expired, or another ending: this bot stops talking in that conversation.
      const { transition, handoff } = payload.data;
      if (transition.to !== 'accepted') talking.delete(handoff.id);
      say(`welfare bot: ${handoff.id.slice(0, 8)} is now ${transition.to}`);
    }
  }

  const server = createServer(webhookListener({ secrets: options.secret, onPayload, onError: (error) => say(`welfare bot: ${String(error)}`) }));
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    webhookUrl: `http://localhost:${(server.address() as AddressInfo).port}/webhook`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A token with a partner's scopes from the embedded runtime's stand-in for Maskinporten; in production, ask Maskinporten. */
export function localToken(tokenUrl: string, orgNumber: string) {
  return async () => {
    const request = { orgNumber, scope: 'handoffs:write handoffs:read directory:read' };
    const response = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    const token = ((await response.json()) as { access_token?: string }).access_token;
    if (!response.ok || !token) throw new Error(`no token from ${tokenUrl} (HTTP ${response.status}): is the broker running?`);
    return token;
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const brokerUrl = process.env.BROKER_URL ?? 'http://localhost:3000';
  const bot = await startWelfareBot({
    port: Number(process.env.PORT ?? 4102),
    brokerUrl,
    secret: process.env.WEBHOOK_SECRET ?? '',
    token: localToken(process.env.TOKEN_URL ?? 'http://localhost:3000/local-issuer/token', process.env.ORG_NUMBER ?? '889640782'),
  });
  console.log(`welfare bot: webhook at ${bot.webhookUrl}, calling the broker at ${brokerUrl}`);
}
