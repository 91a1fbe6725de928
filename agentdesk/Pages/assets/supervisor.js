// The supervisor's page: approvals (live from the hub), the live board (refreshed every few seconds) with the
// conversations past their target, waiting and held, any of which can be watched read-only as it happens, and each
// creditor's limits (the bot's, the agents' and the contact cadence) with their history and the server's validation
// shown next to each field.
import { api, ApiError, byTimeMade, el, fill, formatDateTime, formatDuration, formatTime, hubMessage, mountHeader, notify, parseTime, requireSession, table, toSignIn, words } from './common.js';

const who = await requireSession(['Supervisor']);
mountHeader(who, '/desk/supervisor');

const byId = id => document.getElementById(id);
const boardEvery = 5000;

// ---- The hub: approvals, the queue and watching ----

const signalR = window.signalR;
const retryDelays = [0, 2000, 5000, 10000];
const connection = new signalR.HubConnectionBuilder()
  .withUrl('/hubs/desk')
  .withAutomaticReconnect({
    nextRetryDelayInMilliseconds: context =>
      /\b401\b|Unauthorized/.test(String(context.retryReason)) ? null : (retryDelays[context.previousRetryCount] ?? 15000)
  })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

async function call(method, ...args) {
  try {
    return await connection.invoke(method, ...args);
  } catch (error) {
    throw new Error(hubMessage(error));
  }
}

function showConnection(text, bad) {
  const badge = byId('connection');
  badge.textContent = text;
  badge.classList.toggle('bad', bad);
}

/** Where a ticking "waiting" time is shown: data-since on the element. */
function tick() {
  const now = Date.now();
  for (const node of document.querySelectorAll('[data-since]')) {
    node.textContent = `waiting ${formatDuration((now - parseTime(node.dataset.since)) / 1000)}`;
  }
}
setInterval(tick, 1000);

// ---- Approvals ----

const pending = new Map();
const decided = [];

function limitsText(codes) {
  return codes || [];
}

function renderApprovals() {
  const items = [...pending.values()].sort((a, b) => parseTime(a.requestedAt) - parseTime(b.requestedAt));
  byId('approvals-count').textContent = String(items.length);
  byId('approvals-empty').hidden = items.length > 0;
  const list = byId('approvals');
  // Cards stay while their request waits, so what a supervisor is typing in one is kept.
  const cards = new Map([...list.children].map(node => [node.dataset.id, node]));
  fill(list, items.map(a => cards.get(a.id) || approvalCard(a)));
  byId('decided-box').hidden = decided.length === 0;
  fill(byId('decided'), decided.slice(0, 10).map(a => el('li', {},
    el('span', { class: `badge ${a.status === 'approved' ? 'ok' : a.status === 'rejected' ? 'blocked' : ''}`, text: words(a.status) }), ' ',
    `${a.debtorName || 'Unknown debtor'}: ${a.summary} — asked by ${a.requestedBy}${a.decidedBy ? `, ${a.status} by ${a.decidedBy}` : ''}${a.note ? ` (${a.note})` : ''}`)));
  tick();
}

function approvalCard(a) {
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const note = el('input', { id: `note-${a.id}`, type: 'text', maxlength: '1000', autocomplete: 'off' });
  const reason = el('input', { id: `reason-${a.id}`, type: 'text', maxlength: '1000', autocomplete: 'off' });
  const approve = el('button', { type: 'button', text: 'Approve' });
  const reject = el('button', { type: 'button', class: 'danger', text: 'Reject' });
  const decide = async (button, action) => {
    error.hidden = true;
    approve.disabled = reject.disabled = true;
    try {
      await action();
    } catch (failure) {
      error.textContent = failure.message;
      error.hidden = false;
      notify(`${a.debtorName || 'The request'}: ${failure.message}`);
    } finally {
      approve.disabled = reject.disabled = false;
    }
  };
  approve.addEventListener('click', () => decide(approve, async () => {
    const result = await call('Approve', a.id, note.value.trim() || null);
    if (result.approval) {
      onDecided(result.approval);
    }
    notify(`Approved: ${result.summary}. The debtor is sent the confirmation.`, 'info');
  }));
  reject.addEventListener('click', () => {
    if (!reason.value.trim()) {
      error.textContent = 'Give the agent a reason to reject the request.';
      error.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    reason.removeAttribute('aria-invalid');
    decide(reject, async () => {
      onDecided(await call('Reject', a.id, reason.value.trim()));
      notify(`Rejected: ${a.summary}.`, 'info');
    });
  });
  return el('li', { class: 'approval', dataset: { id: a.id } },
    el('div', { class: 'row' },
      el('h3', { text: a.debtorName || 'Unknown debtor' }),
      el('span', { class: 'muted', dataset: { since: a.requestedAt } })),
    el('p', { class: 'muted', text: `for ${a.creditorName || 'an unknown creditor'} · asked by ${a.requestedBy} at ${formatTime(a.requestedAt)}` }),
    el('p', { class: 'summary' }, el('strong', { text: words(a.kind) }), `: ${a.summary}`),
    el('div', { class: 'limits' }, el('span', { class: 'muted', text: 'Beyond the agents\' limits:' }),
      limitsText(a.beyondLimits).map(text => el('span', { class: 'badge p2', text }))),
    el('div', { class: 'decide' },
      el('div', { class: 'field' }, el('label', { for: note.id, text: 'Note (optional)' }), note), approve,
      el('div', { class: 'field' }, el('label', { for: reason.id, text: 'Reason to reject' }), reason), reject),
    error);
}

function onDecided(approval) {
  pending.delete(approval.id);
  if (!decided.some(d => d.id === approval.id && d.status === approval.status)) {
    decided.unshift(approval);
  }
  renderApprovals();
}

connection.on('ApprovalRequested', approval => {
  pending.set(approval.id, approval);
  renderApprovals();
});
connection.on('ApprovalDecided', approval => onDecided(approval));
// Conversations handed to this supervisor are worked on the agent desk page; the debtors' words there too.
connection.on('Transferred', (conversationId, fromAgentName) => notify(`${fromAgentName} transferred a conversation to you: it is on the Agent desk page.`, 'info'));
for (const name of ['DebtorMessage', 'DebtorTyping', 'Assigned']) {
  connection.on(name, () => {});
}

// ---- The queue, as the hub tells it (for watching a waiting conversation) ----

const queue = new Map();
connection.on('Waiting', item => {
  queue.set(item.conversationId, item);
  renderQueue();
});
connection.on('Taken', conversationId => {
  if (queue.delete(conversationId)) {
    renderQueue();
  }
});

function watchButton(id, label, description) {
  return el('button', {
    type: 'button', class: 'secondary', text: 'Watch', 'aria-label': `Watch ${label}`,
    onclick: () => watch(id, label, description)
  });
}

let shown = {};

/** Fills a part of the board only when what it shows changed (keeps focus and buttons still between refreshes). */
function show(key, node, data, render) {
  const json = JSON.stringify(data);
  if (shown[key] === json) {
    return;
  }
  shown[key] = json;
  fill(node, render());
  tick();
}

function renderQueue() {
  const items = [...queue.values()].sort((a, b) => b.priority - a.priority || parseTime(a.waitingSince) - parseTime(b.waitingSince));
  show('queue', byId('board-queue'), items, () => table('Waiting now', [
    { label: 'Debtor', value: q => q.debtorName || 'Unknown sender' },
    { label: 'Reason', value: q => words(q.reason) },
    { label: 'Channel', value: q => q.channel.toUpperCase() },
    { label: 'Waiting', value: q => el('span', { dataset: { since: q.waitingSince } }) },
    { label: '', value: q => watchButton(q.conversationId, q.debtorName || 'Unknown sender', `${q.channel.toUpperCase()} · waiting for a person (${words(q.reason)})`) }
  ], items, 'Nobody is waiting.'));
}

// ---- The live board ----

async function refreshBoard() {
  try {
    const board = await api('/api/desk/board');
    byId('board-waiting').textContent = String(board.waiting);
    byId('board-oldest').textContent = board.oldestWaitSeconds === null ? 'none' : formatDuration(board.oldestWaitSeconds);
    byId('board-available').textContent = String(board.agents.filter(a => a.status === 'available').length);
    byId('board-held').textContent = String(board.agents.reduce((sum, a) => sum + a.holding, 0));
    show('reasons', byId('board-reasons'), board.waitingByReason, () => table('Waiting by reason', [
      { label: 'Reason', value: r => words(r.reason) },
      { label: 'Waiting', num: true, value: r => r.count }
    ], board.waitingByReason, 'Nobody is waiting.'));
    show('agents', byId('board-agents'), board.agents, () => table('Agents', [
      { label: 'Name', value: a => a.name },
      { label: 'Status', value: a => el('span', {}, el('span', { class: `status-dot ${a.status}`, 'aria-hidden': 'true' }), words(a.status)) },
      {
        label: 'Load', value: a => el('span', {},
          el('meter', { min: 0, max: a.max, value: a.holding, 'aria-label': `${a.name}'s load` }), ` ${a.holding}/${a.max}`)
      }
    ], board.agents, 'No agents yet.'));
    show('breaches', byId('board-breaches'), board.slaBreaches, () => breaches(board.slaBreaches));
    show('held', byId('board-held-list'), board.held, () => table('Held by people', [
      { label: 'Debtor', value: h => h.debtorName || 'Unknown sender' },
      { label: 'Held by', value: h => h.agent || 'someone' },
      { label: 'Channel', value: h => h.channel.toUpperCase() },
      { label: 'Since', value: h => formatTime(h.since) },
      { label: '', value: h => watchButton(h.conversationId, h.debtorName || 'Unknown sender', `${h.channel.toUpperCase()} · held by ${h.agent || 'someone'}${h.reason ? ` (${words(h.reason)})` : ''}`) }
    ], board.held, 'Nobody at the desk holds a conversation.'));
    byId('board-updated').textContent = `Updated ${new Date().toLocaleTimeString('en-US')}`;
  } catch (error) {
    byId('board-updated').textContent = `Not updated: ${error.message}`;
  }
}

function breaches(rows) {
  if (!rows.length) {
    return el('p', { class: 'empty', text: 'Every conversation is within its target.' });
  }
  const node = table('Conversations past their target', [
    { label: 'Late', value: b => el('span', { class: 'badge blocked', text: b.kind === 'waiting' ? 'Waiting too long' : 'Unanswered' }) },
    { label: 'Debtor', value: b => b.debtorName || 'Unknown sender' },
    { label: 'Reason', value: b => words(b.reason) },
    { label: 'Agent', value: b => b.agent || (b.kind === 'waiting' ? 'nobody yet' : '') },
    { label: 'Over target', value: b => el('span', { class: 'over', text: `${b.minutesOver} min over ${b.targetMinutes} min` }) },
    { label: '', value: b => watchButton(b.conversationId, b.debtorName || 'Unknown sender', b.kind === 'waiting' ? `waiting for a person (${words(b.reason)})` : `held by ${b.agent || 'someone'}, the debtor waits for an answer`) }
  ], rows);
  for (const row of node.querySelectorAll('tbody tr')) {
    row.classList.add('breach');
  }
  return node;
}

refreshBoard();
setInterval(refreshBoard, boardEvery);

// ---- Watching a conversation, read-only ----

const senders = { contact: 'Debtor', bot: 'Bot', agent: 'Agent', system: 'Desk notice' };
let watching = null;

function putWatched(message) {
  if (!watching || message.conversationId !== watching.id) {
    return;
  }
  watching.messages.set(message.messageId, message);
}

function renderWatched() {
  const panel = byId('watch');
  panel.hidden = !watching;
  if (!watching) {
    return;
  }
  byId('watch-title').textContent = `Watching: ${watching.label}`;
  byId('watch-sub').textContent = watching.description;
  const box = byId('watch-transcript');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  const messages = [...watching.messages.values()].sort(byTimeMade);
  fill(box, messages.length ? messages.map(m => {
    const blocked = m.status === 'blocked';
    const mark = blocked ? el('span', { class: 'badge blocked', text: `Blocked: ${m.rule || 'compliance'}` })
      : m.rule ? el('span', { class: 'badge held', text: `Held: ${m.rule}` }) : null;
    return el('div', { class: `message ${m.sender}${blocked ? ' blocked' : ''}`, dataset: { id: m.messageId } },
      el('div', { class: 'meta' }, el('span', { text: senders[m.sender] || m.sender }), el('time', { datetime: m.at, text: formatTime(m.at) }), mark),
      el('p', { class: 'body', text: m.body }));
  }) : el('p', { class: 'empty', text: 'Nothing said yet.' }));
  if (atBottom) {
    box.scrollTop = box.scrollHeight;
  }
}

async function watch(id, label, description) {
  try {
    if (watching && watching.id !== id) {
      await call('Unwatch', watching.id).catch(() => {});
    }
    if (!watching || watching.id !== id) {
      watching = { id, label, description: `Since ${formatTime(new Date().toISOString())}; when you opened it: ${description}.`, messages: new Map() };
    }
    for (const message of await call('Watch', id)) {
      putWatched(message);
    }
    renderWatched();
    byId('watch').scrollIntoView({ block: 'start' });
  } catch (error) {
    notify(error.message);
  }
}

connection.on('Watched', message => {
  putWatched(message);
  renderWatched();
});

byId('unwatch').addEventListener('click', async () => {
  const id = watching && watching.id;
  watching = null;
  renderWatched();
  if (id) {
    await call('Unwatch', id).catch(error => notify(error.message));
  }
});

/** On connect and after a reconnect: the requests waiting, the queue, and the conversation watched (caught up). */
async function catchUp() {
  pending.clear();
  for (const approval of await call('GetApprovals')) {
    pending.set(approval.id, approval);
  }
  renderApprovals();
  queue.clear();
  for (const item of await call('GetQueue')) {
    queue.set(item.conversationId, item);
  }
  renderQueue();
  if (watching) {
    for (const message of await call('Watch', watching.id)) {
      putWatched(message);
    }
    renderWatched();
  }
}

connection.onreconnecting(() => showConnection('Reconnecting…', true));
connection.onreconnected(async () => {
  showConnection('Connected', false);
  await catchUp().catch(error => notify(error.message));
});
connection.onclose(async () => {
  showConnection('Disconnected', true);
  await api('/api/desk/session').catch(() => {});
  notify('The connection to the desk was lost: reload the page to see approvals and watch conversations live.');
});

async function start() {
  showConnection('Connecting…', false);
  try {
    await connection.start();
  } catch (error) {
    if (/\b401\b|Unauthorized/.test(String(error))) {
      toSignIn();
      return;
    }
    showConnection('Disconnected', true);
    notify(`Could not connect to the desk: ${hubMessage(error)}`);
    return;
  }
  showConnection('Connected', false);
  refreshBoard();
  await catchUp().catch(error => notify(error.message));
}

renderApprovals();
start();

// ---- Negotiation limits: the bot's, the agents' (what a person may agree alone), and the contact cadence ----

const fields = [
  { key: 'maxInstallments', label: 'Most installments', hint: 'Down payment excluded; 1 to 120.', integer: true },
  { key: 'maxPlanLengthDays', label: 'Longest plan (days)', hint: 'First to last payment; 1 to 3,650.', integer: true },
  { key: 'minDownPaymentPercent', label: 'Smallest down payment (%)', hint: 'Of the balance; 0 to 100.' },
  { key: 'minInstallmentAmount', label: 'Smallest installment', hint: "In the case's currency; more than 0." },
  { key: 'maxSettlementDiscountPercent', label: 'Largest settlement discount (%)', hint: 'Off the balance; 0 to 100.' },
  { key: 'maxPromiseDays', label: 'Latest promise to pay (days ahead)', hint: '0 to 365.', integer: true },
  { key: 'concessionSteps', label: 'Concession steps', hint: "The bot's steps from its opening terms to the limit; 1 to 10.", integer: true, botOnly: true }
];
const frequencies = [['weekly', 1], ['biweekly', 2], ['monthly', 4]];
const days = [['Monday', 1], ['Tuesday', 2], ['Wednesday', 4], ['Thursday', 8], ['Friday', 16], ['Saturday', 32], ['Sunday', 64]];
const cadenceFields = [
  { key: 'contactWindowStart', label: 'Contact window opens', hint: "In the contact's time zone.", time: true },
  { key: 'contactWindowEnd', label: 'Contact window closes', hint: 'After it opens.', time: true },
  { key: 'maxMessagesPerChannelPerWeek', label: 'Most messages per channel a week', hint: '0 to 50.', integer: true }
];
const botLabels = Object.fromEntries([...fields.map(f => [f.key, f.label]), ['allowedFrequencies', 'Allowed frequencies']]);
const cadenceLabels = Object.fromEntries([...cadenceFields.map(f => [f.key, f.label]), ['contactDays', 'Contact days']]);
const agentLabel = key => `Agents' ${botLabels[key].charAt(0).toLowerCase()}${botLabels[key].slice(1)}`;

const select = byId('creditor');
const form = byId('policy-form');
let creditorId = null;
let loaded = null;

function fieldError(id) {
  return el('p', { id: `${id}-error`, class: 'field-error', hidden: true });
}

function numberInput(id, f, label) {
  return el('input', {
    id, name: id, type: 'number', step: f.integer ? '1' : 'any', inputmode: f.integer ? 'numeric' : 'decimal',
    'aria-label': label, 'aria-describedby': `${f.key}-hint ${id}-error`
  });
}

function buildForm() {
  fill(byId('policy-fields'),
    el('h3', { text: 'Negotiation limits' }),
    el('div', { class: 'limits-grid', role: 'group', 'aria-label': 'Negotiation limits' },
      el('span', { class: 'head', text: 'Limit' }), el('span', { class: 'head', text: 'The bot' }), el('span', { class: 'head', text: 'Agents, without approval' }),
      fields.map(f => [
        el('div', {}, el('label', { for: f.key, text: f.label }), el('p', { id: `${f.key}-hint`, class: 'hint', text: f.hint })),
        el('div', { class: 'cell' }, numberInput(f.key, f, null), fieldError(f.key)),
        f.botOnly
          ? el('div', { class: 'cell muted', text: 'The bot only' })
          : el('div', { class: 'cell' }, numberInput(`agent-${f.key}`, f, agentLabel(f.key)), fieldError(`agent-${f.key}`))
      ]),
      el('div', {}, el('span', { class: 'label-like', text: 'Allowed frequencies' })),
      ['', 'agent-'].map(prefix => el('div', { class: 'cell', role: 'group', 'aria-label': prefix ? "Agents' allowed frequencies" : 'Allowed frequencies', 'aria-describedby': `${prefix}allowedFrequencies-error` },
        el('div', { class: 'checks' }, frequencies.map(([name, flag]) => el('label', {},
          el('input', { type: 'checkbox', id: `${prefix}frequency-${name}`, value: String(flag) }), words(name)))),
        fieldError(`${prefix}allowedFrequencies`)))),
    el('fieldset', { class: 'cadence' },
      el('legend', { text: 'Contact cadence: when the bot may start contact' }),
      el('div', { class: 'cadence-grid' },
        cadenceFields.map(f => el('div', { class: 'field' },
          el('label', { for: `cadence-${f.key}`, text: f.label }),
          f.time
            ? el('input', { id: `cadence-${f.key}`, type: 'time', 'aria-describedby': `${f.key}-hint cadence-${f.key}-error` })
            : el('input', { id: `cadence-${f.key}`, type: 'number', step: '1', min: '0', max: '50', inputmode: 'numeric', 'aria-describedby': `${f.key}-hint cadence-${f.key}-error` }),
          el('p', { id: `${f.key}-hint`, class: 'hint', text: f.hint }),
          fieldError(`cadence-${f.key}`))),
        el('div', { class: 'wide', role: 'group', 'aria-label': 'Contact days', 'aria-describedby': 'cadence-contactDays-error' },
          el('span', { class: 'label-like', text: 'Contact days' }),
          el('div', { class: 'days' }, days.map(([name, flag]) => el('label', {},
            el('input', { type: 'checkbox', id: `day-${flag}`, value: String(flag) }), name))),
          fieldError('cadence-contactDays')))),
    el('div', { class: 'field' },
      el('label', { for: 'reason', text: 'Reason for the change' }),
      el('textarea', { id: 'reason', rows: '2', maxlength: '1000', 'aria-describedby': 'reason-hint reason-error' }),
      el('p', { id: 'reason-hint', class: 'hint', text: 'Kept with the change, for whoever reads the history.' }),
      fieldError('reason')));
}

function clearErrors() {
  byId('policy-error').hidden = true;
  for (const node of form.querySelectorAll('.field-error')) {
    node.hidden = true;
    node.textContent = '';
  }
  for (const node of form.querySelectorAll('[aria-invalid]')) {
    node.removeAttribute('aria-invalid');
  }
}

/** The page's id and words for a field the server names (policy.x, agentPolicy.x, cadence.x, reason). */
function fieldOf(serverKey) {
  const [part, key] = serverKey.includes('.') ? serverKey.split('.', 2) : ['', serverKey];
  if (part === 'policy') {
    return { id: key, label: botLabels[key] || words(key), input: byId(key) || byId('frequency-weekly') };
  }
  if (part === 'agentPolicy') {
    return { id: `agent-${key}`, label: botLabels[key] ? agentLabel(key) : `Agents' ${words(key).toLowerCase()}`, input: byId(`agent-${key}`) || byId('agent-frequency-weekly') };
  }
  if (part === 'cadence') {
    return { id: `cadence-${key}`, label: cadenceLabels[key] || words(key), input: byId(`cadence-${key}`) || byId('day-1') };
  }
  return key === 'reason' ? { id: 'reason', label: 'Reason:', input: byId('reason') } : { id: null };
}

function showFieldError(serverKey, message) {
  const field = fieldOf(serverKey);
  const node = field.id && byId(`${field.id}-error`);
  if (!node) {
    return false;
  }
  node.textContent = `${field.label} ${message}`;
  node.hidden = false;
  field.input?.setAttribute('aria-invalid', 'true');
  return true;
}

const hhmm = value => String(value || '').slice(0, 5);

function showPolicy(view) {
  loaded = view;
  form.hidden = false;
  const last = view.versions[view.versions.length - 1];
  byId('policy-version').textContent = last
    ? `Version ${view.version}, set by ${last.changedBy} on ${formatDateTime(last.changedAt)}.`
    : 'Version 0: the defaults, never changed.';
  for (const f of fields) {
    byId(f.key).value = String(view.policy[f.key]);
    if (!f.botOnly) {
      byId(`agent-${f.key}`).value = String(view.agentPolicy[f.key]);
    }
  }
  for (const [name, flag] of frequencies) {
    byId(`frequency-${name}`).checked = (view.policy.allowedFrequencies & flag) !== 0;
    byId(`agent-frequency-${name}`).checked = (view.agentPolicy.allowedFrequencies & flag) !== 0;
  }
  byId('cadence-contactWindowStart').value = hhmm(view.cadence.contactWindowStart);
  byId('cadence-contactWindowEnd').value = hhmm(view.cadence.contactWindowEnd);
  byId('cadence-maxMessagesPerChannelPerWeek').value = String(view.cadence.maxMessagesPerChannelPerWeek);
  for (const [, flag] of days) {
    byId(`day-${flag}`).checked = (view.cadence.contactDays & flag) !== 0;
  }
  fill(byId('policy-history'), table('Changes to the limits', [
    { label: 'Version', num: true, value: v => v.version },
    { label: 'When', value: v => formatDateTime(v.changedAt) },
    { label: 'Who', value: v => v.changedBy },
    { label: 'Why', value: v => v.reason },
    { label: 'What changed', value: v => changes(v) }
  ], [...view.versions].reverse(), 'Never changed: these are the defaults.'));
}

function frequencyText(value) {
  return frequencies.filter(([, flag]) => (value & flag) !== 0).map(([name]) => name).join(', ') || 'none';
}

function daysText(value) {
  return days.filter(([, flag]) => (value & flag) !== 0).map(([name]) => name.slice(0, 3)).join(', ') || 'none';
}

function policyLines(before, after, label) {
  return Object.keys(botLabels).filter(key => before[key] !== after[key]).map(key => {
    const text = value => (key === 'allowedFrequencies' ? frequencyText(value) : String(value));
    return `${label(key)}: ${text(before[key])} → ${text(after[key])}`;
  });
}

function changes(v) {
  const lines = policyLines(v.before, v.after, key => botLabels[key]);
  if (v.agentBefore && v.agentAfter) {
    lines.push(...policyLines(v.agentBefore, v.agentAfter, agentLabel));
  }
  if (v.cadenceBefore && v.cadenceAfter) {
    const [b, a] = [v.cadenceBefore, v.cadenceAfter];
    if (b.contactWindowStart !== a.contactWindowStart || b.contactWindowEnd !== a.contactWindowEnd) {
      lines.push(`Contact window: ${hhmm(b.contactWindowStart)}–${hhmm(b.contactWindowEnd)} → ${hhmm(a.contactWindowStart)}–${hhmm(a.contactWindowEnd)}`);
    }
    if (b.contactDays !== a.contactDays) {
      lines.push(`Contact days: ${daysText(b.contactDays)} → ${daysText(a.contactDays)}`);
    }
    if (b.maxMessagesPerChannelPerWeek !== a.maxMessagesPerChannelPerWeek) {
      lines.push(`Most messages per channel a week: ${b.maxMessagesPerChannelPerWeek} → ${a.maxMessagesPerChannelPerWeek}`);
    }
  }
  return lines.length ? el('ul', {}, lines.map(text => el('li', { text }))) : el('span', { class: 'muted', text: 'nothing' });
}

async function loadPolicy() {
  creditorId = select.value;
  clearErrors();
  byId('policy-saved').textContent = '';
  if (!creditorId) {
    return;
  }
  try {
    showPolicy(await api(`/api/desk/creditors/${encodeURIComponent(creditorId)}/policy`));
  } catch (error) {
    notify(error.message);
  }
}

/** One column of limits from the form (prefix '' for the bot's, 'agent-' for the agents'), or null after marking what is not a number. */
function readLimits(prefix, base, part) {
  const policy = { ...base };
  let ok = true;
  for (const f of fields.filter(f => !(prefix && f.botOnly))) {
    const raw = byId(`${prefix}${f.key}`).value.trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      ok = showFieldError(`${part}.${f.key}`, 'needs a number') && false;
    } else if (f.integer && !Number.isInteger(value)) {
      ok = showFieldError(`${part}.${f.key}`, 'needs a whole number') && false;
    } else {
      policy[f.key] = value;
    }
  }
  policy.allowedFrequencies = frequencies.reduce((sum, [name, flag]) => sum + (byId(`${prefix}frequency-${name}`).checked ? flag : 0), 0);
  return ok ? policy : null;
}

function readCadence() {
  const cadence = {};
  let ok = true;
  for (const key of ['contactWindowStart', 'contactWindowEnd']) {
    const raw = byId(`cadence-${key}`).value;
    if (!/^\d\d:\d\d(:\d\d)?$/.test(raw)) {
      ok = showFieldError(`cadence.${key}`, 'needs a time') && false;
    } else {
      cadence[key] = raw.length === 5 ? `${raw}:00` : raw;
    }
  }
  const raw = byId('cadence-maxMessagesPerChannelPerWeek').value.trim();
  if (raw === '' || !Number.isInteger(Number(raw))) {
    ok = showFieldError('cadence.maxMessagesPerChannelPerWeek', 'needs a whole number') && false;
  } else {
    cadence.maxMessagesPerChannelPerWeek = Number(raw);
  }
  cadence.contactDays = days.reduce((sum, [, flag]) => sum + (byId(`day-${flag}`).checked ? flag : 0), 0);
  return ok ? cadence : null;
}

const same = (a, b) => JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

form.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors();
  byId('policy-saved').textContent = '';
  const policy = readLimits('', loaded.policy, 'policy');
  const agentPolicy = readLimits('agent-', loaded.agentPolicy, 'agentPolicy');
  const cadence = readCadence();
  if (!policy || !agentPolicy || !cadence) {
    return;
  }
  // Only the parts that changed are sent: the server checks each against the others as they stand.
  const body = { reason: byId('reason').value.trim() };
  if (!same(policy, loaded.policy)) {
    body.policy = policy;
  }
  if (!same(agentPolicy, loaded.agentPolicy)) {
    body.agentPolicy = agentPolicy;
  }
  if (!same(cadence, { ...loaded.cadence, contactWindowStart: `${hhmm(loaded.cadence.contactWindowStart)}:00`, contactWindowEnd: `${hhmm(loaded.cadence.contactWindowEnd)}:00` })) {
    body.cadence = cadence;
  }
  if (!body.policy && !body.agentPolicy && !body.cadence) {
    const general = byId('policy-error');
    general.textContent = 'Nothing changed: change a limit or the cadence first.';
    general.hidden = false;
    return;
  }
  const button = event.submitter;
  button.disabled = true;
  try {
    const view = await api(`/api/desk/creditors/${encodeURIComponent(creditorId)}/policy`, { method: 'PUT', body });
    showPolicy(view);
    byId('reason').value = '';
    byId('policy-saved').textContent = `Saved as version ${view.version}.`;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      const others = [];
      for (const [key, messages] of Object.entries(error.errors)) {
        if (!showFieldError(key, messages.join(' '))) {
          others.push(`${words(key)}: ${messages.join(' ')}`);
        }
      }
      const general = byId('policy-error');
      general.textContent = [`${error.message} See the fields marked below.`, ...others].join(' ');
      general.hidden = false;
    } else {
      notify(error.message);
    }
  } finally {
    button.disabled = false;
  }
});

buildForm();
select.addEventListener('change', loadPolicy);
try {
  const creditors = await api('/api/desk/creditors');
  fill(select, el('option', { value: '', text: 'Choose a creditor…' }), creditors.map(c => el('option', { value: c.id, text: c.name })));
} catch (error) {
  notify(error.message);
}
