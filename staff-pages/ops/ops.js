// The ops dashboard: an operator of an agency signs in (sign-in.js), filters the
// transfers the agency took part in, sees the insights drawn with Chart.js,
// opens a transfer's timeline with its verification, and downloads CSV.
// Everything comes from the broker's /v1/audit API, which shows nothing of
// transfers the agency took no part in.

import { $, applyTexts, el, fail, say, wireControls } from './page.js';
import { staffSession } from './sign-in.js';
import { staffTexts } from './texts.js';

const strings = {
  nb: {
    ...staffTexts.nb,
    title: 'Drift og tilsyn',
    signInTitle: 'Logg inn for å se overføringene',
    filters: 'Utvalg',
    from: 'Fra og med',
    to: 'Til og med',
    direction: 'Retning',
    counterpart: 'Motpart',
    topic: 'Tema',
    reason: 'Årsak',
    outcome: 'Utfall',
    any: 'Alle',
    in: 'Inn',
    out: 'Ut',
    apply: 'Vis',
    downloadCsv: 'Last ned CSV',
    downloaded: 'CSV-filen er lastet ned.',
    insights: 'Innsikt',
    total: 'Overføringer',
    incoming: 'Inn',
    outgoing: 'Ut',
    outside: 'Utenfor kontortid',
    p50: 'Tid til akseptert (median)',
    p95: 'Tid til akseptert (95 %)',
    byHour: 'Overføringer per time',
    byWeekday: 'Overføringer per ukedag',
    outcomes: 'Utfall',
    topTopics: 'Mest overførte temaer',
    flows: 'Strømmer mellom virksomheter',
    flowFrom: 'Fra',
    flowTo: 'Til',
    count: 'Antall',
    transfers: 'Overføringer',
    more: 'Vis flere',
    none: 'Ingen overføringer i utvalget.',
    created: 'Opprettet',
    status: 'Status',
    accepted: 'Tid til akseptert',
    timeline: 'Tidslinje',
    open: 'Tidslinje',
    chooseTransfer: 'Velg en overføring for å se tidslinjen.',
    verified: (n) => `Verifisert: alle ${n} oppføringene er uendret og i rekkefølge.`,
    broken: (seq, problem) => `Ikke verifisert: oppføring ${seq} er ${problem}.`,
    problems: {
      modified: 'endret',
      missing: 'borte (det mangler en oppføring)',
      inserted: 'satt inn',
      out_of_order: 'flyttet',
      truncated: 'kuttet (de siste oppføringene mangler)',
    },
    actor: 'Aktør',
    shared: 'Delt',
    consent: 'Samtykke',
    loaded: (n) => `${n} overføringer vist.`,
    weekdays: ['man', 'tir', 'ons', 'tor', 'fre', 'lør', 'søn'],
    seconds: (s) => (s === null ? '–' : s < 120 ? `${s} s` : `${Math.round(s / 60)} min`),
    statuses: {
      requested: 'bedt om',
      routed: 'rutet',
      offered: 'tilbudt',
      accepted: 'akseptert',
      declined: 'avslått',
      expired: 'utløpt',
      queued: 'i kø',
      callback_scheduled: 'tilbakeringing',
      completed: 'fullført',
      cancelled: 'avbrutt',
      returned: 'sendt tilbake',
      fallback: 'ikke overtatt',
    },
  },
  en: {
    ...staffTexts.en,
    title: 'Operations',
    signInTitle: 'Sign in to see the transfers',
    filters: 'Filters',
    from: 'From',
    to: 'To (inclusive)',
    direction: 'Direction',
    counterpart: 'Counterpart',
    topic: 'Topic',
    reason: 'Reason',
    outcome: 'Outcome',
    any: 'Any',
    in: 'In',
    out: 'Out',
    apply: 'Show',
    downloadCsv: 'Download CSV',
    downloaded: 'The CSV file has been downloaded.',
    insights: 'Insights',
    total: 'Transfers',
    incoming: 'In',
    outgoing: 'Out',
    outside: 'Outside office hours',
    p50: 'Time to accept (median)',
    p95: 'Time to accept (95th percentile)',
    byHour: 'Transfers by hour',
    byWeekday: 'Transfers by weekday',
    outcomes: 'Outcomes',
    topTopics: 'Most transferred topics',
    flows: 'Flows between agencies',
    flowFrom: 'From',
    flowTo: 'To',
    count: 'Count',
    transfers: 'Transfers',
    more: 'Show more',
    none: 'No transfers match.',
    created: 'Created',
    status: 'Status',
    accepted: 'Time to accept',
    timeline: 'Timeline',
    open: 'Timeline',
    chooseTransfer: 'Choose a transfer to see its timeline.',
    verified: (n) => `Verified: all ${n} entries are unaltered and in order.`,
    broken: (seq, problem) => `Not verified: entry ${seq} was ${problem}.`,
    problems: {
      modified: 'modified',
      missing: 'removed (an entry is missing)',
      inserted: 'inserted',
      out_of_order: 'moved',
      truncated: 'cut off (the last entries are missing)',
    },
    actor: 'Actor',
    shared: 'Shared',
    consent: 'Consent',
    loaded: (n) => `${n} transfers shown.`,
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    seconds: (s) => (s === null ? '–' : s < 120 ? `${s} s` : `${Math.round(s / 60)} min`),
    statuses: {
      requested: 'requested',
      routed: 'routed',
      offered: 'offered',
      accepted: 'accepted',
      declined: 'declined',
      expired: 'expired',
      queued: 'queued',
      callback_scheduled: 'callback scheduled',
      completed: 'completed',
      cancelled: 'cancelled',
      returned: 'returned',
      fallback: 'not taken over',
    },
  },
};

const state = { lang: localStorage.getItem('ops.lang') ?? 'nb', insights: null, transfers: [], nextCursor: null, timeline: null, charts: [] };
const session = staffSession('ops', { onSignedOut: () => render() });
const t = () => strings[state.lang];
const time = (iso) =>
  new Intl.DateTimeFormat(state.lang === 'nb' ? 'nb-NO' : 'en-GB', { timeZone: 'Europe/Oslo', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
const topicLabel = (code) => session.config.topics.find((topic) => topic.code === code)?.label[state.lang] ?? code;
const agencyName = (orgNumber) => session.config.agencies.find((agency) => agency.orgNumber === orgNumber)?.name ?? orgNumber;

// --- Filters -------------------------------------------------------------------------------

const osloDate = (date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(date);

function fillSelect(id, options) {
  const select = $(id);
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, t().any), ...options.map(([value, label]) => el('option', { value }, label)));
  select.value = chosen;
}

function renderFilterOptions() {
  fillSelect('direction', [
    ['in', t().in],
    ['out', t().out],
  ]);
  fillSelect(
    'counterpart',
    session.config.agencies.map((agency) => [agency.orgNumber, agency.name]),
  );
  fillSelect(
    'topic',
    session.config.topics.map((topic) => [topic.code, topic.label[state.lang]]),
  );
  fillSelect('reason', Object.entries(t().reasons));
  fillSelect('outcome', Object.entries(t().statuses));
}

/** Midnight in Oslo at the start of a date (Oslo is one or two hours ahead of UTC). */
function osloMidnight(date) {
  const utcMidnight = new Date(`${date}T00:00:00Z`);
  const osloHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', hour: '2-digit', hourCycle: 'h23' }).format(utcMidnight));
  return new Date(utcMidnight.getTime() - osloHour * 3_600_000);
}

/** The filters as the audit API takes them; dates are Oslo days, the end day included. */
function query() {
  const params = new URLSearchParams();
  params.set('from', osloMidnight($('from').value).toISOString());
  const dayAfter = new Date(Date.parse(`${$('to').value}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  params.set('to', osloMidnight(dayAfter).toISOString());
  for (const name of ['direction', 'counterpart', 'topic', 'reason', 'outcome']) if ($(name).value) params.set(name, $(name).value);
  return params;
}

// --- Data ----------------------------------------------------------------------------------

async function load() {
  fail('');
  const params = query();
  const period = new URLSearchParams({ from: params.get('from'), to: params.get('to') });
  const [insights, page] = await Promise.all([session.api(`v1/audit/insights?${period}`), session.api(`v1/audit/transfers?${params}&limit=50`)]);
  state.insights = insights;
  state.transfers = page.items;
  state.nextCursor = page.nextCursor;
  renderInsights();
  renderTransfers();
  say(t().loaded(state.transfers.length));
}

async function more() {
  const page = await session.api(`v1/audit/transfers?${query()}&limit=50&cursor=${encodeURIComponent(state.nextCursor)}`);
  state.transfers.push(...page.items);
  state.nextCursor = page.nextCursor;
  renderTransfers();
}

async function openTimeline(id) {
  state.timeline = await session.api(`v1/audit/transfers/${id}`);
  renderTimeline();
  $('timeline-title').focus();
}

async function downloadCsv() {
  const response = await session.fetch(`v1/audit/transfers.csv?${query()}`, { accept: 'text/csv' });
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: `transfers-${$('from').value}-${$('to').value}.csv`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  say(t().downloaded);
}

// --- Rendering -----------------------------------------------------------------------------

function chart(id, type, labels, data, options = {}) {
  const canvas = $(id);
  // Screen readers get the numbers the chart draws.
  canvas.setAttribute('aria-label', `${canvas.nextElementSibling.textContent}: ${labels.map((label, index) => `${label} ${data[index]}`).join(', ')}`);
  state.charts.push(
    new Chart(canvas, {
      type,
      data: {
        labels,
        datasets: [
          {
            label: canvas.nextElementSibling.textContent,
            data,
            backgroundColor: type === 'doughnut' ? ['#0b4f9c', '#a4000f', '#8a5a00', '#4a4a4a', '#0a6b2d', '#6b3fa0', '#1a1a1a'] : '#0b4f9c',
          },
        ],
      },
      options: { animation: false, responsive: true, plugins: { legend: { display: type === 'doughnut' } }, ...options },
    }),
  );
}

function renderInsights() {
  const insights = state.insights;
  if (!insights) return;
  for (const existing of state.charts.splice(0)) existing.destroy();
  const figures = [
    [t().total, insights.transfers.total],
    [t().incoming, insights.transfers.incoming],
    [t().outgoing, insights.transfers.outgoing],
    [t().outside, `${Math.round(insights.transfers.shareOutsideOfficeHours * 100)} %`],
    [t().p50, t().seconds(insights.timeToAccept.p50Seconds)],
    [t().p95, t().seconds(insights.timeToAccept.p95Seconds)],
  ];
  $('figures').replaceChildren(...figures.map(([label, value]) => el('div', {}, el('dt', {}, label), el('dd', {}, value))));
  chart(
    'chart-hours',
    'bar',
    insights.byHour.map((_, hour) => String(hour).padStart(2, '0')),
    insights.byHour,
  );
  chart('chart-weekdays', 'bar', t().weekdays, Object.values(insights.byWeekday));
  // Each transfer once, by how it ended (moves into states would count an accepted-then-completed transfer twice).
  chart(
    'chart-outcomes',
    'doughnut',
    Object.keys(insights.endings).map((ending) => t().statuses[ending] ?? ending),
    Object.values(insights.endings),
  );
  chart(
    'chart-topics',
    'bar',
    insights.topTopics.map((topic) => topic.label[state.lang]),
    insights.topTopics.map((topic) => topic.count),
    { indexAxis: 'y' },
  );
  $('flows').replaceChildren(
    el('caption', { class: 'visually-hidden' }, t().flows),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t().flowFrom), el('th', { scope: 'col' }, t().flowTo), el('th', { scope: 'col' }, t().count))),
    el(
      'tbody',
      {},
      insights.flows.map((flow) => el('tr', {}, el('td', {}, flow.from.agencyName), el('td', {}, flow.to.agencyName), el('td', {}, flow.count))),
    ),
  );
}

function renderTransfers() {
  const table = $('transfer-table');
  const head = el(
    'thead',
    {},
    el(
      'tr',
      {},
      ...[t().created, t().direction, t().counterpart, t().topic, t().reason, t().status, t().accepted, ''].map((label) => el('th', { scope: 'col' }, label)),
    ),
  );
  const rows = state.transfers.map((transfer) =>
    el(
      'tr',
      { 'data-id': transfer.handoffId },
      el('td', {}, time(transfer.createdAt)),
      el('td', {}, t()[transfer.direction]),
      el('td', {}, transfer.counterpart ? transfer.counterpart.agencyName : '–'),
      el('td', {}, topicLabel(transfer.topic)),
      el('td', {}, t().reasons[transfer.reason] ?? transfer.reason),
      el('td', {}, t().statuses[transfer.status] ?? transfer.status),
      el('td', {}, t().seconds(transfer.secondsToAccept)),
      el(
        'td',
        {},
        el(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `${t().open}: ${topicLabel(transfer.topic)} ${time(transfer.createdAt)}`,
            onclick: () => openTimeline(transfer.handoffId).catch((error) => fail(error.message)),
          },
          t().open,
        ),
      ),
    ),
  );
  table.replaceChildren(
    el('caption', { class: 'visually-hidden' }, t().transfers),
    head,
    el('tbody', {}, rows.length ? rows : [el('tr', {}, el('td', { colspan: 8 }, t().none))]),
  );
  $('more').hidden = !state.nextCursor;
}

function renderTimeline() {
  const timeline = state.timeline;
  const verification = $('verification');
  if (!timeline) {
    verification.className = 'verification';
    verification.textContent = t().chooseTransfer;
    $('entries').replaceChildren();
    return;
  }
  const { valid, entries, broken } = timeline.verification;
  verification.className = `verification ${valid ? 'valid' : 'broken'}`;
  verification.textContent = valid ? t().verified(entries) : t().broken(broken.seq, t().problems[broken.problem] ?? broken.problem);
  $('entries').replaceChildren(
    ...timeline.entries.map((entry) => {
      const who =
        entry.actor.role === 'broker'
          ? 'broker'
          : `${agencyName(entry.actor.orgNumber)} (${entry.actor.adviserId ?? entry.actor.botId ?? entry.actor.clientId ?? entry.actor.role})`;
      return el(
        'li',
        { 'data-seq': entry.seq },
        el('strong', {}, `${time(entry.at)} · ${entry.from ? t().statuses[entry.from] : '∅'} → ${t().statuses[entry.to]}`),
        entry.statusReason ? ` (${entry.statusReason})` : '',
        el('br'),
        `${t().actor}: ${who}`,
        entry.dataShared.length ? ` · ${t().shared}: ${entry.dataShared.join(', ')}` : '',
        entry.consentReference ? ` · ${t().consent}: ${entry.consentReference}` : '',
        el('br'),
        el('code', {}, entry.hash),
      );
    }),
  );
}

function render() {
  applyTexts(t(), state.lang);
  const signedIn = Boolean(session.token);
  $('signed-out').hidden = signedIn;
  $('dashboard').hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
  if (!signedIn) return;
  renderFilterOptions();
  renderInsights();
  renderTransfers();
  renderTimeline();
}

async function start() {
  wireControls('ops', session, state, render);
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    load().catch((error) => fail(error.message));
  });
  $('download-csv').addEventListener('click', () => downloadCsv().catch((error) => fail(error.message)));
  $('more').addEventListener('click', () => more().catch((error) => fail(error.message)));
  await session.start().catch((error) => fail(error.message));
  const today = new Date();
  $('to').value = osloDate(today);
  $('from').value = osloDate(new Date(today.getTime() - 6 * 86_400_000));
  render();
  if (!session.token) return;
  $('who').textContent = t().signedInAs(session.claims.name ?? session.claims.sub, agencyName(session.claims[session.config.orgClaim]));
  await load();
}

start().catch((error) => fail(error.message));
