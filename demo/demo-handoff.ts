import { createBrokerClient, type Schemas } from '@handoff-broker/client';

export const demoOrigin = { orgNumber: '958935420', botId: 'kommune-kari' } as const;
export const demoTargetOrgNumber = '889640782';

/** Story 1: a citizen asks the municipal bot about unemployment benefit; it hands over to the welfare agency with consent. */
const demoRequest: Schemas['CreateHandoffRequest'] = {
  origin: { botId: demoOrigin.botId, conversationId: 'demo-conversation-1' },
  target: { kind: 'topic' },
  reason: 'out_of_scope',
  topic: 'unemployment-benefit',
  language: 'nb',
  consent: { shareTranscript: true, shareIdentity: false, reference: 'demo-consent-1' },
  context: {
    summary: { text: 'The citizen lost their job last week and asks how to apply for unemployment benefit (dagpenger).', containsPersonalData: false },
    transcript: [
      { from: 'citizen', text: 'Hei! Jeg mistet jobben forrige uke. Hvordan søker jeg dagpenger?', at: new Date(Date.now() - 60_000).toISOString() },
      {
        from: 'bot',
        text: 'Dagpenger er det NAV som behandler. Vil du at jeg sender deg videre til NAV sin chatbot Frida?',
        at: new Date(Date.now() - 45_000).toISOString(),
      },
      { from: 'citizen', text: 'Ja takk, og hun kan gjerne se hva vi har snakket om.', at: new Date(Date.now() - 30_000).toISOString() },
    ],
    attributes: { municipalityNumber: '0301' },
  },
};

/** Kommune-Kari (Oslo) hands the demo conversation to whoever handles unemployment benefit. */
export async function runDemoHandoff(brokerUrl: string, token: () => Promise<string>, say: (line: string) => void) {
  const client = createBrokerClient({ baseUrl: brokerUrl, token });
  say('💬 A citizen asks Kommune-Kari (Oslo kommune) about unemployment benefit; Kari hands the conversation over with consent');
  const handoff = await client.createHandoff({ body: demoRequest });
  say(
    `➡️  POST /v1/handoffs → ${handoff.status}: ${handoff.citizenGuidance.handledBy?.name} at ${handoff.assignee?.agencyName} — Kari tells the citizen: “${handoff.citizenGuidance.message.en}”`,
  );
  return handoff;
}
