import { primaryLanguage } from '#contracts/identifiers';
import type { Target } from '#contracts/handoff';
import type { AgencyConfig, BotConfig } from '#contracts/directory';
import { topicScope, type TopicCode } from '#contracts/topics';
import type { Directory } from './directory.ts';
import { InvalidRequest, NoRoute } from './errors.ts';
import type { BotRef } from './handoff.ts';

export type RouteRequest = {
  originOrgNumber: string;
  target: Target;
  topic: TopicCode;
  language: string;
  municipalityNumber?: string | undefined;
};

/** Bots ranked for a conversation: those that take the topic first, then those that speak the language. */
function rankBots(agency: AgencyConfig, topic: TopicCode, language: string, onlyTopic: boolean): BotRef[] {
  const speaks = (bot: BotConfig) => bot.languages.some((tag) => primaryLanguage(tag) === primaryLanguage(language));
  const score = (bot: BotConfig) => (bot.topics.includes(topic) ? 2 : 0) + (speaks(bot) ? 1 : 0);
  return agency.bots
    .filter((bot) => !onlyTopic || bot.topics.includes(topic))
    .map((bot, index) => ({ bot, index }))
    .sort((a, b) => score(b.bot) - score(a.bot) || a.index - b.index)
    .map(({ bot }) => ({ orgNumber: agency.orgNumber, botId: bot.id }));
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
    if (!municipality || !municipality.responsibleFor.includes(request.topic)) {
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
 * Plans where a conversation goes: the named bot; an agency's bots ranked for
 * the topic and language; or the bots of the agency responsible for the topic.
 * Returns the candidates best first; rerouting walks the list.
 */
export function planRoute(directory: Directory, request: RouteRequest): BotRef[] {
  const { target } = request;
  if (target.kind === 'bot') {
    if (!directory.bot(target)) {
      const unknownField = directory.agency(target.orgNumber) ? 'botId' : 'orgNumber';
      throw new InvalidRequest(`no bot ${target.botId} at ${target.orgNumber} in the directory`, [
        { path: ['target', unknownField], message: 'not in the directory' },
      ]);
    }
    return [{ orgNumber: target.orgNumber, botId: target.botId }];
  }
  const agency = target.kind === 'agency' ? directory.agency(target.orgNumber) : responsibleAgency(directory, request);
  if (!agency) {
    throw new InvalidRequest(`no agency ${target.kind === 'agency' ? target.orgNumber : ''} in the directory`, [
      { path: ['target', 'orgNumber'], message: 'not in the directory' },
    ]);
  }
  const candidates = rankBots(agency, request.topic, request.language, target.kind === 'topic');
  if (candidates.length === 0) {
    throw new NoRoute(`${agency.name} has no bot that takes handoffs about ${request.topic}`, [
      { path: target.kind === 'agency' ? ['target', 'orgNumber'] : ['topic'], message: 'no bot takes this handoff' },
    ]);
  }
  return candidates;
}
