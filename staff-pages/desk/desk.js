// The agent desk: an adviser signs in with the agency's identity provider
// (sign-in.js), sees their queues, takes a conversation, chats with the citizen
// through the origin bot, and completes or returns it. Plain browser
// JavaScript against the broker's /v1/desk API.

import { $, applyTexts, el, fail, say, wireControls } from './page.js';
import { staffSession } from './sign-in.js';
import { staffTexts } from './texts.js';

const strings = {
  nb: {
    ...staffTexts.nb,
    title: 'Veilederpult',
    signInTitle: 'Logg inn for å ta samtaler',
    queues: 'Køer',
    mine: 'Mine samtaler',
    noneSelected: 'Velg en samtale',
    open: 'Åpen',
    closed: 'Stengt',
    opensAt: (time) => `Stengt – åpner ${time}`,
    onDuty: (n) => `${n} veileder${n === 1 ? '' : 'e'} på vakt`,
    nobodyWaiting: 'Ingen venter',
    noneMine: 'Ingen samtaler ennå',
    waiting: 'Venter',
    scheduled: 'Tilbakeringinger',
    urgent: 'Haster',
    interpreter: 'Trenger tolk',
    followUp: 'Oppfølging',
    callback: (channel) => `Ring tilbake (${channel})`,
    waited: (minutes) => `ventet ${minutes} min`,
    due: (time) => `avtalt ${time}`,
    from: (agency) => `fra ${agency}`,
    accept: 'Ta samtalen',
    accepted: 'Du har tatt samtalen.',
    taken: 'Noen andre tok denne samtalen.',
    summary: 'Oppsummering',
    transcript: 'Samtalen så langt',
    notShared: 'Innbyggeren har ikke samtykket til å dele samtalen; bare oppsummeringen er delt.',
    contentGone: 'Innholdet i samtalen er slettet etter fristen for lagring.',
    crisis: 'Krisehjelp',
    citizenLanguage: 'Språk',
    reason: 'Årsak',
    messages: 'Meldinger',
    noMessages: 'Ingen meldinger ennå.',
    reply: 'Svar til innbyggeren',
    send: 'Send',
    sent: 'Meldingen er sendt.',
    resolution: 'Utfall',
    complete: 'Avslutt samtalen',
    completed: 'Samtalen er avsluttet.',
    returnSummary: 'Oppsummering til boten',
    returnToBot: 'Send tilbake til boten',
    returned: 'Samtalen er sendt tilbake til boten.',
    resolved: 'Løst',
    referred: 'Henvist videre',
    unresolved: 'Ikke løst',
    authorCitizen: 'Innbygger',
    authorBot: 'Bot',
    authorAdviser: 'Veileder',
    status: 'Status',
    callbackTo: 'Ring tilbake til',
    channels: { phone: 'Telefon', sms: 'SMS', email: 'E-post' },
    statuses: {
      queued: 'venter',
      callback_scheduled: 'tilbakeringing avtalt',
      accepted: 'tatt',
      completed: 'avsluttet',
      returned: 'sendt tilbake',
      cancelled: 'avbrutt',
      fallback: 'ikke overtatt',
    },
  },
  en: {
    ...staffTexts.en,
    title: 'Agent desk',
    signInTitle: 'Sign in to take conversations',
    queues: 'Queues',
    mine: 'My conversations',
    noneSelected: 'Choose a conversation',
    open: 'Open',
    closed: 'Closed',
    opensAt: (time) => `Closed – opens ${time}`,
    onDuty: (n) => `${n} adviser${n === 1 ? '' : 's'} on duty`,
    nobodyWaiting: 'Nobody is waiting',
    noneMine: 'No conversations yet',
    waiting: 'Waiting',
    scheduled: 'Callbacks',
    urgent: 'Urgent',
    interpreter: 'Needs an interpreter',
    followUp: 'Follow-up',
    callback: (channel) => `Call back (${channel})`,
    waited: (minutes) => `waited ${minutes} min`,
    due: (time) => `due ${time}`,
    from: (agency) => `from ${agency}`,
    accept: 'Take conversation',
    accepted: 'You have taken the conversation.',
    taken: 'Someone else took this conversation.',
    summary: 'Summary',
    transcript: 'Conversation so far',
    notShared: 'The citizen did not consent to share the conversation; only the summary is shared.',
    contentGone: "The conversation's content has been deleted after its retention period.",
    crisis: 'Crisis help',
    citizenLanguage: 'Language',
    reason: 'Reason',
    messages: 'Messages',
    noMessages: 'No messages yet.',
    reply: 'Reply to the citizen',
    send: 'Send',
    sent: 'The message was sent.',
    resolution: 'Outcome',
    complete: 'Close the conversation',
    completed: 'The conversation is closed.',
    returnSummary: 'Summary for the bot',
    returnToBot: 'Hand back to the bot',
    returned: 'The conversation was handed back to the bot.',
    resolved: 'Resolved',
    referred: 'Referred',
    unresolved: 'Unresolved',
    authorCitizen: 'Citizen',
    authorBot: 'Bot',
    authorAdviser: 'Adviser',
    status: 'Status',
    callbackTo: 'Call back',
    channels: { phone: 'Phone', sms: 'Text message', email: 'E-mail' },
    statuses: {
      queued: 'waiting',
      callback_scheduled: 'callback scheduled',
      accepted: 'taken',
      completed: 'closed',
      returned: 'handed back',
      cancelled: 'cancelled',
      fallback: 'not taken over',
    },
  },
};

const state = {
  lang: localStorage.getItem('desk.lang') ?? 'nb',
  overview: null,
  selected: null,
  detail: null,
  messages: [],
  timers: [],
  overviewFailed: false,
};

const session = staffSession('desk', {
  onSignedOut: () => {
    for (const timer of state.timers.splice(0)) clearInterval(timer);
    render();
  },
});

const t = () => strings[state.lang];
// Queues keep Norwegian hours; times show in Oslo time wherever the adviser's computer thinks it is.
const time = (iso) =>
  new Intl.DateTimeFormat(state.lang === 'nb' ? 'nb-NO' : 'en-GB', {
    timeZone: 'Europe/Oslo',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
const languageName = (tag) => {
  try {
    return new Intl.DisplayNames([state.lang === 'nb' ? 'nb' : 'en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
};

// --- The desk API ------------------------------------------------------------------------

const api = (path, options) => session.api(`v1/desk/${path}`, options);

async function refreshOverview() {
  try {
    state.overview = await api('queues');
    // Clear only this refresh's own error: an adviser's "already taken" must stay until they read it.
    if (state.overviewFailed) fail('');
    state.overviewFailed = false;
    renderOverview();
  } catch (error) {
    if (error.message === 'signed out') return;
    state.overviewFailed = true;
    fail(error.message);
  }
}

async function open(id) {
  state.selected = id;
  state.messages = [];
  state.detail = await api(`handoffs/${id}`);
  renderOverview();
  renderConversation();
  $('conversation-title').focus();
  await refreshMessages();
}

async function refreshMessages() {
  if (state.detail?.status !== 'accepted') return;
  const after = state.messages.at(-1)?.id;
  const page = await api(`handoffs/${state.selected}/messages${after ? `?after=${encodeURIComponent(after)}` : ''}`);
  if (page.items.length) {
    state.messages.push(...page.items);
    renderMessages();
  }
}

async function act(action, body, done) {
  try {
    await api(`handoffs/${state.selected}/${action}`, { method: 'POST', body });
    fail('');
    state.detail = await api(`handoffs/${state.selected}`);
    renderConversation();
    await refreshOverview();
    if (action === 'accept') $('reply')?.focus();
    say(done);
  } catch (error) {
    fail(error.status === 409 && action === 'accept' ? t().taken : error.message);
  }
}

// --- Rendering -----------------------------------------------------------------------------

function conversationItem(conversation) {
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(conversation.waitingSince)) / 60000));
  const badges = [
    conversation.priority === 'urgent' ? el('span', { class: 'badge urgent' }, t().urgent) : null,
    conversation.flags.includes('interpreter_needed') ? el('span', { class: 'badge note' }, t().interpreter) : null,
    conversation.flags.includes('follow_up') ? el('span', { class: 'badge note' }, t().followUp) : null,
    conversation.callback?.channel ? el('span', { class: 'badge note' }, t().callback(conversation.callback.channel)) : null,
  ];
  const when = conversation.status === 'callback_scheduled' && conversation.callback ? t().due(time(conversation.callback.at)) : t().waited(minutes);
  return el(
    'li',
    {},
    el(
      'button',
      {
        type: 'button',
        'data-id': conversation.id,
        'aria-current': state.selected === conversation.id ? 'true' : 'false',
        onclick: () => open(conversation.id),
      },
      ...badges,
      el('strong', {}, conversation.topicLabel[state.lang]),
      el('br'),
      el('span', { class: 'meta' }, `${languageName(conversation.language)} · ${when} · ${t().from(conversation.originAgencyName)}`),
    ),
  );
}

function renderOverview() {
  const overview = state.overview;
  if (!overview) return;
  // The lists are redrawn every few seconds; a keyboard user keeps their place on the same conversation.
  const focused = document.activeElement;
  const focusedId = focused?.closest('#queues') ? focused.dataset.id : undefined;
  $('who').textContent = t().signedInAs(overview.adviser.name, overview.adviser.agencyName);
  const list = $('queue-list');
  list.replaceChildren(
    ...overview.queues.map((queue) => {
      const titleId = `queue-${queue.queueId}`;
      return el(
        'section',
        { class: 'queue', 'aria-labelledby': titleId },
        el('h3', { id: titleId }, queue.name),
        el(
          'p',
          { class: 'state' },
          `${queue.open ? t().open : queue.nextOpening ? t().opensAt(time(queue.nextOpening)) : t().closed} · ${t().onDuty(queue.advisersOnDuty)}`,
        ),
        el(
          'ul',
          { class: 'conversations', 'aria-label': `${queue.name}: ${t().waiting}` },
          queue.waiting.length ? queue.waiting.map(conversationItem) : [el('li', { class: 'meta' }, t().nobodyWaiting)],
        ),
        queue.scheduled.length
          ? el('ul', { class: 'conversations', 'aria-label': `${queue.name}: ${t().scheduled}` }, queue.scheduled.map(conversationItem))
          : null,
      );
    }),
  );
  $('mine').replaceChildren(...(overview.mine.length ? overview.mine.map(conversationItem) : [el('li', { class: 'meta' }, t().noneMine)]));
  if (focusedId)
    $('queues')
      .querySelector(`button[data-id="${CSS.escape(focusedId)}"]`)
      ?.focus();
}

function renderMessages() {
  const list = $('messages');
  if (!list) return;
  const author = { citizen: t().authorCitizen, bot: t().authorBot, adviser: t().authorAdviser };
  list.replaceChildren(
    ...(state.messages.length
      ? state.messages.map((message) =>
          el(
            'li',
            {},
            el('span', { class: 'from' }, `${message.adviserName ?? author[message.from]}:`),
            message.text,
            ' ',
            el('span', { class: 'meta' }, time(message.at)),
          ),
        )
      : [el('li', { class: 'meta' }, t().noMessages)]),
  );
}

function renderConversation() {
  const detail = state.detail;
  const title = $('conversation-title');
  title.setAttribute('tabindex', '-1');
  if (!detail) {
    title.textContent = t().noneSelected;
    $('conversation-body').replaceChildren();
    return;
  }
  const mine = detail.assignee?.kind === 'queue' && detail.assignee.adviserId === state.overview?.adviser.id;
  title.textContent = `${
    state.overview?.queues
      .flatMap((queue) => [...queue.waiting, ...queue.scheduled])
      .concat(state.overview.mine)
      .find((item) => item.id === detail.id)?.topicLabel[state.lang] ?? detail.topic
  }`;
  const context = detail.context;
  const transcript = context?.transcript;
  const crisis = detail.citizenGuidance.crisis;
  const body = [
    el(
      'p',
      { class: 'meta' },
      `${t().status}: ${t().statuses[detail.status] ?? detail.status} · ${t().citizenLanguage}: ${languageName(detail.language)} · ${t().reason}: ${t().reasons[detail.reason] ?? detail.reason}`,
    ),
    crisis
      ? el(
          'div',
          { class: 'card crisis' },
          el('h3', {}, t().crisis),
          el('p', {}, crisis.message[state.lang]),
          el(
            'ul',
            {},
            crisis.contacts.map((contact) => el('li', {}, `${contact.name}: ${contact.phone} (${contact.hours})`)),
          ),
        )
      : null,
    el('div', { class: 'card' }, el('h3', {}, t().summary), el('p', {}, context ? context.summary.text : t().contentGone)),
    detail.citizen?.contact
      ? el(
          'div',
          { class: 'card' },
          el('h3', {}, t().callbackTo),
          el('p', {}, `${t().channels[detail.citizen.contact.channel]}: ${detail.citizen.contact.phone ?? detail.citizen.contact.email}`),
          detail.callback ? el('p', { class: 'meta' }, t().due(time(detail.callback.at))) : null,
        )
      : null,
    el(
      'div',
      { class: 'card' },
      el('h3', {}, t().transcript),
      transcript?.length
        ? el(
            'ol',
            { class: 'transcript' },
            transcript.map((line) =>
              el(
                'li',
                {},
                el('span', { class: 'from' }, `${{ citizen: t().authorCitizen, bot: t().authorBot, adviser: t().authorAdviser }[line.from]}:`),
                line.text,
              ),
            ),
          )
        : el('p', { class: 'meta' }, t().notShared),
    ),
  ];
  if (detail.status === 'queued') {
    body.push(el('button', { type: 'button', class: 'primary', id: 'accept', onclick: () => act('accept', {}, t().accepted) }, t().accept));
  }
  if (detail.status === 'accepted' && mine) {
    const resolutions = ['resolved', 'referred', 'unresolved'];
    body.push(
      el('div', { class: 'card' }, el('h3', {}, t().messages), el('ol', { class: 'messages', id: 'messages', 'aria-live': 'polite' })),
      el(
        'form',
        {
          id: 'reply-form',
          onsubmit: async (event) => {
            event.preventDefault();
            const text = $('reply').value.trim();
            if (!text) return;
            try {
              const message = await api(`handoffs/${state.selected}/messages`, { method: 'POST', body: { text } });
              if (!state.messages.some((known) => known.id === message.id)) state.messages.push(message);
              $('reply').value = '';
              renderMessages();
              say(t().sent);
            } catch (error) {
              fail(error.message);
            }
          },
        },
        el('label', { for: 'reply' }, t().reply),
        el('textarea', { id: 'reply', rows: 3, required: true }),
        el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t().send)),
      ),
      el(
        'div',
        { class: 'card' },
        el('label', { for: 'resolution' }, t().resolution),
        el(
          'select',
          { id: 'resolution' },
          resolutions.map((value) => el('option', { value }, t()[value])),
        ),
        el(
          'div',
          { class: 'row' },
          el(
            'button',
            { type: 'button', class: 'secondary', id: 'complete', onclick: () => act('complete', { resolution: $('resolution').value }, t().completed) },
            t().complete,
          ),
        ),
        el('label', { for: 'return-summary' }, t().returnSummary),
        el('textarea', { id: 'return-summary', rows: 2 }),
        el(
          'div',
          { class: 'row' },
          el(
            'button',
            {
              type: 'button',
              class: 'secondary',
              id: 'return',
              onclick: () => {
                const text = $('return-summary').value.trim();
                if (!text) return $('return-summary').focus();
                return act('return', { summary: { text, containsPersonalData: true } }, t().returned);
              },
            },
            t().returnToBot,
          ),
        ),
      ),
    );
  }
  $('conversation-body').replaceChildren(...body);
  renderMessages();
}

function render() {
  applyTexts(t(), state.lang);
  const signedIn = Boolean(session.token);
  $('signed-out').hidden = signedIn;
  $('desk').hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
  if (!signedIn) $('who').textContent = '';
  renderOverview();
  renderConversation();
}

async function start() {
  wireControls('desk', session, state, render);
  await session.start().catch((error) => fail(error.message));
  render();
  if (!session.token) return;
  await refreshOverview();
  state.timers.push(
    setInterval(refreshOverview, 3000),
    setInterval(() => refreshMessages().catch((error) => fail(error.message)), 2000),
  );
}

start().catch((error) => fail(error.message));
