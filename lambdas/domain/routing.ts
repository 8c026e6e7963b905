import { primaryLanguage } from '#contracts/identifiers';
import type { Target } from '#contracts/handoff';
import type { AgencyConfig, BotConfig, QueueConfig } from '#contracts/directory';
import { topicScope, type TopicCode } from '#contracts/topics';
import type { Directory } from './directory.ts';
import { InvalidRequest, NoRoute } from './errors.ts';
import { botRef, queueRef, type AssigneeRef } from './handoff.ts';

export type RouteRequest = {
  originOrgNumber: string;
  target: Target;
  topic: TopicCode;
  language: string;
  municipalityNumber?: string | undefined;
};

/** Where a handoff goes, best first, and whether the chosen humans need an interpreter. */
export type RoutePlan = { candidates: AssigneeRef[]; interpreterNeeded: boolean };

const speaks = (languages: string[], language: string) => languages.some((tag) => primaryLanguage(tag) === primaryLanguage(language));

/** Bots ranked for a conversation: those that take the topic first, then those that speak the language. */
function rankBots(agency: AgencyConfig, topic: TopicCode, language: string, onlyTopic: boolean): AssigneeRef[] {
  const score = (bot: BotConfig) => (bot.topics.includes(topic) ? 2 : 0) + (speaks(bot.languages, language) ? 1 : 0);
  return agency.bots
    .filter((bot) => !onlyTopic || bot.topics.includes(topic))
    .map((bot, index) => ({ bot, index }))
    .sort((a, b) => score(b.bot) - score(a.bot) || a.index - b.index)
    .map(({ bot }) => botRef(agency.orgNumber, bot.id));
}

/**
 * The queue for a human handoff: one whose skills hold both topic and
 * language; failing that, one that takes the topic (an interpreter is needed);
 * failing that, none.
 */
function chooseQueue(agency: AgencyConfig, topic: TopicCode, language: string): { queue: QueueConfig; interpreterNeeded: boolean } | undefined {
  const forTopic = agency.queues.filter((queue) => queue.skills.topics.includes(topic));
  const matching = forTopic.find((queue) => speaks(queue.skills.languages, language));
  if (matching) return { queue: matching, interpreterNeeded: false };
  return forTopic[0] ? { queue: forTopic[0], interpreterNeeded: true } : undefined;
}

/** The agency responsible for a topic: the citizen's municipality for municipal topics. */
function responsibleAgency(directory: Directory, request: RouteRequest): AgencyConfig {
  if (topicScope(request.topic) === 'municipal') {
    if (!request.municipalityNumber) {
      throw new InvalidRequest(`${request.topic} is a municipal topic: say which municipality the citizen lives in`, [
        { path: ['context', 'attributes', 'municipalityNumber'], message: 'required to route a municipal topic' },
      ]);
    }
    const municipality = directory.municipality(request.municipalityNumber);
    if (!municipality?.responsibleFor.includes(request.topic)) {
      throw new NoRoute(`municipality ${request.municipalityNumber} does not take handoffs about ${request.topic} through the broker`, [
        { path: ['context', 'attributes', 'municipalityNumber'], message: 'no participating municipality takes this topic' },
      ]);
    }
    return municipality;
  }
  const [agency] = directory.responsibleFor(request.topic).filter((candidate) => candidate.orgNumber !== request.originOrgNumber);
  if (!agency) {
    throw new NoRoute(`no other agency takes handoffs about ${request.topic}`, [{ path: ['topic'], message: 'nobody else handles this topic' }]);
  }
  return agency;
}

/**
 * Whose advisers take a human handoff without a named agency: the origin's
 * own, when it handles the topic itself and has a queue for it (a bot handing
 * to its agency's advisers is the most common handoff there is); otherwise the
 * agency responsible for the topic.
 */
function humanAgency(directory: Directory, request: RouteRequest): AgencyConfig {
  const own = directory.agency(request.originOrgNumber);
  if (own?.responsibleFor.includes(request.topic) && chooseQueue(own, request.topic, request.language)) return own;
  return responsibleAgency(directory, request);
}

function namedAgency(directory: Directory, orgNumber: string): AgencyConfig {
  const agency = directory.agency(orgNumber);
  if (!agency) throw new InvalidRequest(`no agency ${orgNumber} in the directory`, [{ path: ['target', 'orgNumber'], message: 'not in the directory' }]);
  return agency;
}

/**
 * Plans where a conversation goes: the named bot or queue; an agency's bots
 * ranked for the topic and language; the bots of the agency responsible for
 * the topic; or, for a human target, that agency's queue whose skills match.
 */
export function planRoute(directory: Directory, request: RouteRequest): RoutePlan {
  const { target } = request;
  switch (target.kind) {
    case 'bot': {
      if (!directory.bot(target)) {
        const unknownField = directory.agency(target.orgNumber) ? 'botId' : 'orgNumber';
        throw new InvalidRequest(`no bot ${target.botId} at ${target.orgNumber} in the directory`, [
          { path: ['target', unknownField], message: 'not in the directory' },
        ]);
      }
      return { candidates: [botRef(target.orgNumber, target.botId)], interpreterNeeded: false };
    }
    case 'queue': {
      const queue = directory.queue(target);
      if (!queue) {
        const unknownField = directory.agency(target.orgNumber) ? 'queueId' : 'orgNumber';
        throw new InvalidRequest(`no queue ${target.queueId} at ${target.orgNumber} in the directory`, [
          { path: ['target', unknownField], message: 'not in the directory' },
        ]);
      }
      return { candidates: [queueRef(target.orgNumber, queue.id)], interpreterNeeded: !speaks(queue.skills.languages, request.language) };
    }
    case 'human': {
      const agency = target.orgNumber ? namedAgency(directory, target.orgNumber) : humanAgency(directory, request);
      const chosen = chooseQueue(agency, request.topic, request.language);
      if (!chosen) {
        throw new NoRoute(`${agency.name} has no human queue for ${request.topic}`, [
          { path: target.orgNumber ? ['target', 'orgNumber'] : ['topic'], message: 'no human queue takes this topic' },
        ]);
      }
      return { candidates: [queueRef(agency.orgNumber, chosen.queue.id)], interpreterNeeded: chosen.interpreterNeeded };
    }
    case 'agency':
    case 'topic': {
      const agency = target.kind === 'agency' ? namedAgency(directory, target.orgNumber) : responsibleAgency(directory, request);
      const candidates = rankBots(agency, request.topic, request.language, target.kind === 'topic');
      if (candidates.length === 0) {
        throw new NoRoute(`${agency.name} has no bot that takes handoffs about ${request.topic}`, [
          { path: target.kind === 'agency' ? ['target', 'orgNumber'] : ['topic'], message: 'no bot takes this handoff' },
        ]);
      }
      return { candidates, interpreterNeeded: false };
    }
  }
}
