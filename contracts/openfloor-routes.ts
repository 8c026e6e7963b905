import { OpenFloorEnvelope } from './openfloor.ts';
import type { RouteDefinition } from './route-definition.ts';

/** The Open Floor bridge: where bots that speak OFP send their envelopes. */
export const openFloorRoutes = {
  receiveOpenFloorEnvelope: {
    method: 'POST',
    path: '/v1/openfloor',
    summary: 'Send an Open Floor envelope',
    description:
      'For bots that declare Open Floor in the directory. The conversation id is the handoff id of the invite the bot received, or the bot’s own conversation id when it started the handoff. invite (alone in its envelope, to a topic’s speaker URI from getManifests) starts a handoff from the bot’s dialog history, its own last turn the summary; acceptInvite accepts an offer; declineInvite declines it (reason @outOfDomain: out_of_scope, @unavailable: no_capacity, anything else: other); utterance relays the text to the other party (each dialog event id once, for as long as the broker keeps receipts: 24 hours); bye completes the conversation (from the bot that took it) or withdraws it (from the origin); a repeated accept or bye is answered as the first; getManifests answers with publishManifests built from the directory. Every event is checked before any is acted on; the answer is an envelope with the broker’s replies. OFP has no security of its own: the envelope comes with the agency’s Maskinporten token, and its sender must be the bot’s speaker URI from the directory.',
    tag: 'Open Floor',
    caller: 'partner',
    scope: 'handoffs:write',
    // Open Floor clients send no Idempotency-Key: a repeated accept or bye is answered as the first, a repeated utterance or invite is refused (already-received).
    idempotent: false,
    body: OpenFloorEnvelope,
    response: { status: 200, schema: OpenFloorEnvelope },
    problems: ['not-found', 'illegal-transition', 'conflict', 'already-received', 'no-route'],
  },
} as const satisfies Record<string, RouteDefinition>;
