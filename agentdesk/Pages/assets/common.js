// Shared by the desk's pages: DOM building with text only, the API with its problem details, the session, the header.
// Everything shown comes from textContent or text nodes: debtor-supplied text is never parsed as HTML.

export const signInPath = '/desk/signin';

/** Builds an element. props: class, text, on<event>, dataset, or any attribute; children: nodes or strings (as text). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** An API failure: the HTTP status and the problem details the server sent. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `The desk answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }

  /** Field errors of a validation problem: { field: [messages] }. */
  get errors() {
    return (this.problem && this.problem.errors) || {};
  }
}

/** Sends the browser to sign in (a session ended or never began). */
export function toSignIn() {
  window.location.assign(signInPath);
}

/**
 * Calls the desk's API with the session cookie. A 401 sends the user to sign in (unless stayOn401), other failures
 * throw an ApiError carrying the problem details.
 */
export async function api(path, { method = 'GET', body, stayOn401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  if (response.status === 401 && !stayOn401) {
    // The session ended (or never began): off to sign in, and this page's work stops here.
    toSignIn();
    return new Promise(() => {});
  }
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}

/** The page for a user's role. */
export function homeFor(who) {
  const roles = (who && who.roles) || [];
  if (roles.includes('Supervisor')) {
    return '/desk/supervisor';
  }
  if (roles.includes('Agent')) {
    return '/desk';
  }
  return '/desk/outcomes';
}

/** Who is signed in; without a session, off to sign in; without one of the roles, off to the user's own page. */
export async function requireSession(roles) {
  const who = await api('/api/desk/session');
  if (roles && !who.roles.some(r => roles.includes(r))) {
    // Not this role's page: to the user's own, and this page's work stops here.
    window.location.replace(homeFor(who));
    return new Promise(() => {});
  }
  return who;
}

/** Fills the page's header: the links the user's role may follow, who is signed in, and sign-out. */
export function mountHeader(who, current) {
  const nav = document.getElementById('nav');
  const links = [];
  if (who.roles.includes('Supervisor')) {
    links.push(['/desk/supervisor', 'Supervisor']);
  }
  if (who.roles.includes('Agent') || who.roles.includes('Supervisor')) {
    links.push(['/desk', 'Agent desk']);
  }
  links.push(['/desk/outcomes', who.roles.includes('Creditor') ? 'Outcomes' : 'Creditor outcomes']);
  fill(nav, links.map(([href, text]) => el('a', { href, 'aria-current': href === current ? 'page' : null, text })));

  fill(document.getElementById('who'), 'Signed in as ', el('strong', { text: who.name }));
  const signOut = document.getElementById('sign-out');
  signOut.hidden = false;
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    try {
      await fetch('/api/desk/session', { method: 'DELETE', credentials: 'same-origin' });
    } finally {
      window.location.assign(signInPath);
    }
  });
}

/** Shows a message in the page's notices: errors stay until dismissed, information for a while. */
export function notify(message, kind = 'error') {
  const area = document.getElementById('notices');
  const item = el('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    el('p', { text: message }));
  const dismiss = el('button', { type: 'button', class: 'secondary', text: 'Dismiss', onclick: () => item.remove() });
  item.append(dismiss);
  area.append(item);
  if (kind !== 'error') {
    setTimeout(() => item.remove(), 8000);
  }
  return item;
}

/** The message of a hub failure: the server's HubException text without the client's wrapping. */
export function hubMessage(error) {
  const text = (error && error.message) || String(error);
  const match = /HubException: ([\s\S]*)$/.exec(text);
  return match ? match[1] : text;
}

/** Parses the server's ISO times (up to seven decimals of a second). */
export function parseTime(value) {
  if (!value) {
    return null;
  }
  return new Date(String(value).replace(/(\.\d{3})\d+/, '$1'));
}

/**
 * Orders desk messages as they were made: by time, and at a tie (a turn records the debtor's message and the bot's
 * answers at one instant) by message id, version 7 UUIDs with a counter that the server makes in order.
 */
export function byTimeMade(a, b) {
  return (parseTime(a.at) - parseTime(b.at)) || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);
}

const timeFormat = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatTime(value) {
  const at = parseTime(value);
  return at ? timeFormat.format(at) : '';
}

export function formatDateTime(value) {
  const at = parseTime(value);
  return at ? dateTimeFormat.format(at) : '';
}

/** A calendar date (yyyy-mm-dd) as written for people. */
export function formatDate(value) {
  return value ? dateFormat.format(new Date(`${value}T00:00:00Z`)) : '';
}

/** 75 → "1 min 15 s"; 4000 → "1 h 6 min". */
export function formatDuration(totalSeconds) {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  }
  if (seconds < 86400) {
    return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  }
  return `${Math.floor(seconds / 86400)} d ${Math.floor((seconds % 86400) / 3600)} h`;
}

export function formatMoney(value, currency) {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

export function formatPercent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** "HumanRequested" → "Human requested". */
export function words(name) {
  if (!name) {
    return '';
  }
  const spaced = String(name).replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A table: columns [{ label, value(row), num }], rows; an empty note when there are none. */
export function table(caption, columns, rows, emptyText = 'None.') {
  if (!rows || rows.length === 0) {
    return el('p', { class: 'empty', text: emptyText });
  }
  return el('table', {},
    caption ? el('caption', { class: 'visually-hidden', text: caption }) : null,
    el('thead', {}, el('tr', {}, columns.map(c => el('th', { scope: 'col', class: c.num ? 'num' : null, text: c.label })))),
    el('tbody', {}, rows.map(row => el('tr', {}, columns.map(c => {
      const value = c.value(row);
      return el('td', { class: c.num ? 'num' : null }, value instanceof Node ? value : String(value ?? ''));
    })))));
}
