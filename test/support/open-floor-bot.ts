import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookVerifier } from '@handoff-broker/client';
import type { OpenFloorEnvelope, OpenFloorEvent } from '#contracts/openfloor';
import { contractAjv } from './json-schema.ts';

export type ReceivedEnvelope = { envelope: OpenFloorEnvelope; signed: boolean; schemaErrors: string[] };

/**
 * A welfare bot that speaks the Open Floor Protocol and not our v1 contract:
 * an HTTP server taking envelopes at `/ofp`, as the OFP 1.1 HTTPS binding has
 * it (POST, JSON, answer 200 with an envelope). It checks what the broker
 * sends as an OFP client would: the signature (Standard Webhooks, with the
 * secret issued for the bot) and the envelope against the JSON Schema the
 * broker publishes, and keeps everything for the test to read.
 */
export async function startOpenFloorBot(options: { speakerUri: string; secret: () => string | undefined }) {
  const validate = contractAjv().compile(JSON.parse(readFileSync(new URL('../../contracts/schemas/OpenFloorEnvelope.schema.json', import.meta.url), 'utf8')));
  const received: ReceivedEnvelope[] = [];
  let verifier: ReturnType<typeof createWebhookVerifier> | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = options.secret();
      verifier ??= secret ? createWebhookVerifier({ secrets: secret }) : undefined;
      let signed = false;
      try {
        verifier?.verify(body, request.headers);
        signed = verifier !== undefined;
      } catch {
        signed = false;
      }
      const envelope = JSON.parse(body) as OpenFloorEnvelope;
      received.push({
        envelope,
        signed,
        schemaErrors: validate(envelope) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`),
      });
      // Replies go to the broker's API with the agency's token; the answer here carries no events.
      const reply = {
        openFloor: {
          schema: { version: '1.1.0' },
          conversation: { id: envelope.openFloor.conversation.id },
          sender: { speakerUri: options.speakerUri },
          events: [],
        },
      };
      response.writeHead(signed ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ofp`;
  return {
    url,
    received,
    /** The envelopes about one conversation, oldest first. */
    about: (conversationId: string) => received.filter((entry) => entry.envelope.openFloor.conversation.id === conversationId),
    /** The events of one type heard about a conversation, oldest first. */
    heard<EventType extends OpenFloorEvent['eventType']>(conversationId: string, eventType: EventType) {
      return this.about(conversationId)
        .flatMap((entry) => entry.envelope.openFloor.events)
        .filter((event): event is Extract<OpenFloorEvent, { eventType: EventType }> => event.eventType === eventType);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type OpenFloorBot = Awaited<ReturnType<typeof startOpenFloorBot>>;
