import type { CitizenGuidance } from '#contracts/handoff';
import type { Directory } from './directory.ts';
import type { Handoff } from './handoff.ts';

/**
 * What the origin should tell the citizen, in Norwegian and English, for the
 * handoff as it stands: who takes over, whether a human is there, the options.
 */
export function citizenGuidance(handoff: Handoff, directory: Directory): CitizenGuidance {
  const origin = directory.agency(handoff.origin.orgNumber);
  const assigneeAgency = handoff.assignee ? directory.agency(handoff.assignee.orgNumber) : undefined;
  const assigneeBot = handoff.assignee ? directory.bot(handoff.assignee) : undefined;
  // After a fallback nobody is assigned; the citizen is pointed at the agency the handoff was meant for.
  const intended = handoff.assignee ?? handoff.candidates[0];
  const requestedAgency = intended ? directory.agency(intended.orgNumber) : undefined;
  const bot = assigneeBot && assigneeAgency ? { kind: 'bot' as const, agencyName: assigneeAgency.name, name: assigneeBot.name } : null;
  const base = { humanAvailableNow: false, estimatedWaitSeconds: null };

  switch (handoff.status) {
    case 'requested':
    case 'routed':
    case 'offered':
    case 'declined':
    case 'expired':
      return {
        ...base,
        handledBy: bot,
        options: ['wait', 'stay_with_bot'],
        contact: assigneeAgency?.contact ?? null,
        message: bot
          ? {
              nb: `Jeg sender deg videre til ${bot.name} hos ${bot.agencyName}. Du trenger ikke gjenta det du har fortalt meg.`,
              en: `I am passing you on to ${bot.name} at ${bot.agencyName}. You will not need to repeat what you have told me.`,
            }
          : { nb: 'Jeg finner rett sted for spørsmålet ditt.', en: 'I am finding the right place for your question.' },
      };
    case 'accepted':
      return {
        ...base,
        handledBy: bot,
        options: [],
        contact: assigneeAgency?.contact ?? null,
        message: bot
          ? { nb: `Du snakker nå med ${bot.name} hos ${bot.agencyName}.`, en: `You are now talking with ${bot.name} at ${bot.agencyName}.` }
          : { nb: 'Samtalen er tatt over.', en: 'The conversation has been taken over.' },
      };
    case 'fallback': {
      const agency = requestedAgency ?? assigneeAgency;
      return {
        ...base,
        handledBy: origin ? { kind: 'origin', agencyName: origin.name, name: origin.name } : null,
        options: ['stay_with_bot'],
        contact: agency?.contact ?? null,
        message: agency
          ? {
              nb: `${agency.name} kunne ikke ta over samtalen nå. Jeg hjelper deg gjerne videre her, eller du kan kontakte ${agency.name} direkte: ${agency.contact.url}${agency.contact.phone ? `, telefon ${agency.contact.phone}` : ''}.`,
              en: `${agency.name} could not take over the conversation right now. I am happy to keep helping you here, or you can contact ${agency.name} directly: ${agency.contact.url}${agency.contact.phone ? `, phone ${agency.contact.phone}` : ''}.`,
            }
          : { nb: 'Samtalen kunne ikke sendes videre. Jeg hjelper deg videre her.', en: 'The conversation could not be passed on. I will keep helping you here.' },
      };
    }
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
    case 'queued':
    case 'callback_scheduled':
      // Human queues arrive with the human-handoff work; until then nothing routes here.
      return {
        ...base,
        handledBy: null,
        options: ['wait', 'stay_with_bot'],
        contact: requestedAgency?.contact ?? null,
        message: { nb: 'Du står i kø for å snakke med en person.', en: 'You are in the queue to talk with a person.' },
      };
  }
}
