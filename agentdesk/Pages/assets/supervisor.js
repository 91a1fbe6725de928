// The supervisor's page: the live board (refreshed every few seconds) and each creditor's negotiation limits, with
// their history and the server's validation shown next to each field.
import { api, ApiError, el, fill, formatDateTime, formatDuration, mountHeader, notify, requireSession, table, words } from './common.js';

const who = await requireSession(['Supervisor']);
mountHeader(who, '/desk/supervisor');

const byId = id => document.getElementById(id);
const boardEvery = 5000;

// ---- The live board ----

async function refreshBoard() {
  try {
    const board = await api('/api/desk/board');
    byId('board-waiting').textContent = String(board.waiting);
    byId('board-oldest').textContent = board.oldestWaitSeconds === null ? 'none' : formatDuration(board.oldestWaitSeconds);
    byId('board-available').textContent = String(board.agents.filter(a => a.status === 'available').length);
    byId('board-held').textContent = String(board.agents.reduce((sum, a) => sum + a.holding, 0));
    fill(byId('board-reasons'), table('Waiting by reason', [
      { label: 'Reason', value: r => words(r.reason) },
      { label: 'Waiting', num: true, value: r => r.count }
    ], board.waitingByReason, 'Nobody is waiting.'));
    fill(byId('board-agents'), table('Agents', [
      { label: 'Name', value: a => a.name },
      { label: 'Status', value: a => el('span', {}, el('span', { class: `status-dot ${a.status}`, 'aria-hidden': 'true' }), words(a.status)) },
      {
        label: 'Load', value: a => el('span', {},
          el('meter', { min: 0, max: a.max, value: a.holding, 'aria-label': `${a.name}'s load` }), ` ${a.holding}/${a.max}`)
      }
    ], board.agents, 'No agents yet.'));
    byId('board-updated').textContent = `Updated ${new Date().toLocaleTimeString('en-US')}`;
  } catch (error) {
    byId('board-updated').textContent = `Not updated: ${error.message}`;
  }
}

refreshBoard();
setInterval(refreshBoard, boardEvery);

// ---- Negotiation limits ----

const fields = [
  { key: 'maxInstallments', label: 'Most installments', hint: 'Down payment excluded; 1 to 120.', integer: true },
  { key: 'maxPlanLengthDays', label: 'Longest plan (days)', hint: 'First to last payment; 1 to 3,650.', integer: true },
  { key: 'minDownPaymentPercent', label: 'Smallest down payment (%)', hint: 'Of the balance; 0 to 100.' },
  { key: 'minInstallmentAmount', label: 'Smallest installment', hint: "In the case's currency; more than 0." },
  { key: 'maxSettlementDiscountPercent', label: 'Largest settlement discount (%)', hint: 'Off the balance; 0 to 100.' },
  { key: 'maxPromiseDays', label: 'Latest promise to pay (days ahead)', hint: '0 to 365.', integer: true },
  { key: 'concessionSteps', label: 'Concession steps', hint: 'From the opening terms to the limit; 1 to 10.', integer: true }
];
const frequencies = [['weekly', 1], ['biweekly', 2], ['monthly', 4]];
const labels = Object.fromEntries([...fields.map(f => [f.key, f.label]), ['allowedFrequencies', 'Allowed frequencies']]);

const select = byId('creditor');
const form = byId('policy-form');
let creditorId = null;

function fieldError(key) {
  return el('p', { id: `${key}-error`, class: 'field-error', hidden: true });
}

function buildForm() {
  fill(byId('policy-fields'),
    fields.map(f => el('div', { class: 'field' },
      el('label', { for: f.key, text: f.label }),
      el('input', { id: f.key, name: f.key, type: 'number', step: f.integer ? '1' : 'any', inputmode: f.integer ? 'numeric' : 'decimal', 'aria-describedby': `${f.key}-hint ${f.key}-error` }),
      el('p', { id: `${f.key}-hint`, class: 'hint', text: f.hint }),
      fieldError(f.key))),
    el('fieldset', { class: 'wide', 'aria-describedby': 'allowedFrequencies-error' },
      el('legend', { text: 'Allowed frequencies' }),
      el('div', { class: 'checks' }, frequencies.map(([name, flag]) => el('label', {},
        el('input', { type: 'checkbox', id: `frequency-${name}`, value: String(flag) }), words(name)))),
      fieldError('allowedFrequencies')),
    el('div', { class: 'field wide' },
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

function showFieldError(key, message) {
  const node = byId(`${key}-error`);
  if (!node) {
    return false;
  }
  node.textContent = key === 'reason' ? `Reason: ${message}` : `${labels[key] || words(key)} ${message}`;
  node.hidden = false;
  const input = byId(key) || form.querySelector(`#frequency-${frequencies[0][0]}`);
  input.setAttribute('aria-invalid', 'true');
  return true;
}

function showPolicy(view) {
  form.hidden = false;
  const last = view.versions[view.versions.length - 1];
  byId('policy-version').textContent = last
    ? `Version ${view.version}, set by ${last.changedBy} on ${formatDateTime(last.changedAt)}.`
    : 'Version 0: the defaults, never changed.';
  for (const f of fields) {
    byId(f.key).value = String(view.policy[f.key]);
  }
  for (const [name, flag] of frequencies) {
    byId(`frequency-${name}`).checked = (view.policy.allowedFrequencies & flag) !== 0;
  }
  fill(byId('policy-history'), table('Changes to the limits', [
    { label: 'Version', num: true, value: v => v.version },
    { label: 'When', value: v => formatDateTime(v.changedAt) },
    { label: 'Who', value: v => v.changedBy },
    { label: 'Why', value: v => v.reason },
    { label: 'What changed', value: v => changes(v.before, v.after) }
  ], [...view.versions].reverse(), 'Never changed: these are the defaults.'));
}

function show(key, value) {
  if (key === 'allowedFrequencies') {
    return frequencies.filter(([, flag]) => (value & flag) !== 0).map(([name]) => name).join(', ') || 'none';
  }
  return String(value);
}

function changes(before, after) {
  const lines = Object.keys(labels).filter(key => before[key] !== after[key])
    .map(key => el('li', { text: `${labels[key]}: ${show(key, before[key])} → ${show(key, after[key])}` }));
  return lines.length ? el('ul', {}, lines) : el('span', { class: 'muted', text: 'nothing' });
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

/** The form's limits, or null after marking the fields that are not numbers. */
function readPolicy() {
  const policy = {};
  let ok = true;
  for (const f of fields) {
    const raw = byId(f.key).value.trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      ok = showFieldError(f.key, 'needs a number') && false;
    } else if (f.integer && !Number.isInteger(value)) {
      ok = showFieldError(f.key, 'needs a whole number') && false;
    } else {
      policy[f.key] = value;
    }
  }
  policy.allowedFrequencies = frequencies.reduce((sum, [name, flag]) => sum + (byId(`frequency-${name}`).checked ? flag : 0), 0);
  return ok ? policy : null;
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  clearErrors();
  byId('policy-saved').textContent = '';
  const policy = readPolicy();
  if (!policy) {
    return;
  }
  const button = event.submitter;
  button.disabled = true;
  try {
    const view = await api(`/api/desk/creditors/${encodeURIComponent(creditorId)}/policy`, {
      method: 'PUT',
      body: { policy, reason: byId('reason').value.trim() }
    });
    showPolicy(view);
    byId('reason').value = '';
    byId('policy-saved').textContent = `Saved as version ${view.version}.`;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      const others = [];
      for (const [key, messages] of Object.entries(error.errors)) {
        const field = key.replace(/^policy\./, '');
        if (!showFieldError(field, messages.join(' '))) {
          others.push(`${words(field)}: ${messages.join(' ')}`);
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
