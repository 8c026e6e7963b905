import type { CitizenGuidance } from '#contracts/handoff';
import { crisisGuidanceFor } from './crisis.ts';
import type { Directory } from './directory.ts';
import type { Handoff } from './handoff.ts';
import type { QueueSnapshot } from './human-queue.ts';
import { localTime } from './opening-hours.ts';

type Who = NonNullable<CitizenGuidance['handledBy']>;

const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));

/** Who has, or will have, the conversation, as the citizen should hear it. */
function handledBy(handoff: Handoff, directory: Directory): Who | null {
  const assignee = handoff.assignee ?? handoff.candidates[0];
  if (!assignee) return null;
  const agencyName = directory.agencyName(assignee.orgNumber);
  if (assignee.kind === 'bot') return { kind: 'bot', agencyName, name: directory.bot(assignee)?.name ?? assignee.botId };
  const adviser = assignee.adviserId ? directory.adviser(assignee.orgNumber, assignee.adviserId) : undefined;
  return { kind: 'human', agencyName, name: adviser?.name ?? directory.queue(assignee)?.name ?? assignee.queueId };
}

/**
 * What the origin should tell the citizen, in Norwegian and English, for the
 * handoff as it stands: who takes over, whether a human is there, how long the
 * wait is, when a callback comes, the options, and crisis guidance when the
 * handoff is about a risk to life or health.
 */
export function citizenGuidance(handoff: Handoff, directory: Directory, snapshot?: QueueSnapshot): CitizenGuidance {
  const who = handledBy(handoff, directory);
  const intended = handoff.assignee ?? handoff.candidates[0];
  const agency = intended ? directory.agency(intended.orgNumber) : undefined;
  const origin = directory.agency(handoff.origin.orgNumber);
  const crisis = crisisGuidanceFor(handoff, directory);
  const interpreterNeeded = handoff.flags.includes('interpreter_needed');
  const base = {
    humanAvailableNow: snapshot?.state.available ?? false,
    estimatedWaitSeconds: null as number | null,
    nextOpening: snapshot && !snapshot.state.available ? (snapshot.state.nextOpening?.toISOString() ?? null) : null,
    interpreterNeeded,
    contact: agency?.contact ?? null,
    crisis,
  };
  const withCrisis = (text: { nb: string; en: string }) => (crisis ? { nb: `${crisis.message.nb} ${text.nb}`, en: `${crisis.message.en} ${text.en}` } : text);
  const interpreter = interpreterNeeded
    ? { nb: ' Vi ordner tolk, så du kan skrive på ditt eget språk.', en: ' We will arrange an interpreter, so you can write in your own language.' }
    : { nb: '', en: '' };

  switch (handoff.status) {
    case 'requested':
    case 'routed':
    case 'offered':
    case 'declined':
    case 'expired':
      return {
        ...base,
        handledBy: who,
        options: ['wait', 'stay_with_bot'],
        message: withCrisis(
          who
            ? {
                nb: `Jeg sender deg videre til ${who.name} hos ${who.agencyName}. Du trenger ikke gjenta det du har fortalt meg.`,
                en: `I am passing you on to ${who.name} at ${who.agencyName}. You will not need to repeat what you have told me.`,
              }
            : { nb: 'Jeg finner rett sted for spørsmålet ditt.', en: 'I am finding the right place for your question.' },
        ),
      };
    case 'queued': {
      const wait = snapshot?.estimate?.seconds ?? null;
      const position = snapshot?.position ?? null;
      const waitText =
        wait === null
          ? { nb: '', en: '' }
          : {
              nb: ` Du er nummer ${position} i køen, og ventetiden er omtrent ${minutes(wait)} minutter.`,
              en: ` You are number ${position} in the queue; the wait is about ${minutes(wait)} minutes.`,
            };
      return {
        ...base,
        estimatedWaitSeconds: wait,
        handledBy: who,
        options: ['wait', 'stay_with_bot', 'callback'],
        message: withCrisis({
          nb: `Du står i kø for å snakke med en veileder hos ${who?.agencyName ?? 'etaten'}.${waitText.nb} Du kan også be om å bli ringt opp.${interpreter.nb}`,
          en: `You are in the queue to talk with an adviser at ${who?.agencyName ?? 'the agency'}.${waitText.en} You can also ask to be called back.${interpreter.en}`,
        }),
      };
    }
    case 'callback_scheduled': {
      const timeZone = intended?.kind === 'queue' ? directory.queue(intended)?.openingHours.timeZone : undefined;
      const when = handoff.callback ? localTime(handoff.callback.at, timeZone) : null;
      const followUp = handoff.flags.includes('follow_up') && !handoff.contactChannel;
      return {
        ...base,
        handledBy: who,
        options: ['callback', 'stay_with_bot'],
        message: withCrisis(
          followUp
            ? {
                nb: `En veileder hos ${who?.agencyName ?? 'etaten'} følger opp saken din så snart de åpner${when ? `, ${when.nb}` : ''}.`,
                en: `An adviser at ${who?.agencyName ?? 'the agency'} will follow up as soon as they open${when ? `, ${when.en}` : ''}.`,
              }
            : {
                nb: `${who?.agencyName ?? 'Etaten'} kontakter deg${when ? ` ${when.nb}` : ' så snart de åpner'}.${interpreter.nb}`,
                en: `${who?.agencyName ?? 'The agency'} will contact you${when ? ` on ${when.en}` : ' as soon as they open'}.${interpreter.en}`,
              },
        ),
      };
    }
    case 'accepted':
      return {
        ...base,
        humanAvailableNow: who?.kind === 'human',
        handledBy: who,
        options: [],
        message: who
          ? { nb: `Du snakker nå med ${who.name} hos ${who.agencyName}.`, en: `You are now talking with ${who.name} at ${who.agencyName}.` }
          : { nb: 'Samtalen er tatt over.', en: 'The conversation has been taken over.' },
      };
    case 'fallback':
      return {
        ...base,
        handledBy: origin ? { kind: 'origin', agencyName: origin.name, name: origin.name } : null,
        options: ['stay_with_bot'],
        message: withCrisis(
          agency
            ? {
                nb: `${agency.name} kunne ikke ta over samtalen nå. Jeg hjelper deg gjerne videre her, eller du kan kontakte ${agency.name} direkte: ${agency.contact.url}${agency.contact.phone ? `, telefon ${agency.contact.phone}` : ''}.`,
                en: `${agency.name} could not take over the conversation right now. I am happy to keep helping you here, or you can contact ${agency.name} directly: ${agency.contact.url}${agency.contact.phone ? `, phone ${agency.contact.phone}` : ''}.`,
              }
            : {
                nb: 'Samtalen kunne ikke sendes videre. Jeg hjelper deg videre her.',
                en: 'The conversation could not be passed on. I will keep helping you here.',
              },
        ),
      };
    case 'returned':
      return {
        ...base,
        handledBy: origin ? { kind: 'origin', agencyName: origin.name, name: origin.name } : null,
        options: ['stay_with_bot'],
        contact: null,
        message: { nb: 'Du er tilbake hos meg. Jeg vet hva som er gjort så langt.', en: 'You are back with me. I know what has been done so far.' },
      };
    case 'completed':
    case 'cancelled':
      return {
        ...base,
        handledBy: null,
        options: [],
        contact: null,
        message: { nb: 'Samtalen er avsluttet.', en: 'The conversation has ended.' },
      };
  }
}
