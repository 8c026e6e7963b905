import { OpenFloorEnvelope } from './openfloor.ts';
import type { RouteDefinition } from './route-definition.ts';

/** The Open Floor bridge: where bots that speak OFP send their envelopes. */
export const openFloorRoutes = {
  receiveOpenFloorEnvelope: {
    method: 'POST',
    path: '/v1/openfloor',
    summary: 'Send an Open Floor envelope',
    description:
      'For bots that declare Open Floor in the directory. The conversation id is the handoff id of the invite the bot received. acceptInvite accepts the offer; declineInvite declines it (reason @outOfDomain: out_of_scope, @unavailable: no_capacity, anything else: other); utterance relays the bot’s words to the citizen (each dialog event id once); bye completes the conversation; getManifests answers with publishManifests built from the directory. Every event is checked before any is acted on; the answer is an envelope with the broker’s replies. OFP has no security of its own: the envelope comes with the agency’s Maskinporten token, and its sender must be the bot’s speaker URI from the directory.',
    tag: 'Open Floor',
    caller: 'partner',
    scope: 'handoffs:write',
    // Open Floor clients send no Idempotency-Key: an event that was acted on is refused the second time (already-received, illegal-transition).
    idempotent: false,
    body: OpenFloorEnvelope,
    response: { status: 200, schema: OpenFloorEnvelope },
    problems: ['not-found', 'illegal-transition', 'conflict', 'already-received'],
  },
} as const satisfies Record<string, RouteDefinition>;
