// The live queue: conversations waiting for a person, highest priority and longest waiting first, with a ticking
// waiting time and a Claim button.
import { el, fill, formatDuration, parseTime, words } from './common.js';

const priorities = { 3: 'Urgent', 2: 'High', 1: 'Normal', 0: 'Low' };

export class Queue {
  /** onClaim(item, button) claims the conversation; its answer is the page's business. */
  constructor(onClaim) {
    this.list = document.getElementById('queue');
    this.count = document.getElementById('queue-count');
    this.empty = document.getElementById('queue-empty');
    this.onClaim = onClaim;
    this.items = new Map();
    this.cards = new Map();
    setInterval(() => this.tick(), 1000);
  }

  /** Replaces the whole queue (on connect and after a reconnect). */
  replace(items) {
    this.items.clear();
    this.cards.clear();
    for (const item of items) {
      this.items.set(item.conversationId, item);
    }
    this.render();
  }

  /** A conversation joined the queue (or came back to it). */
  upsert(item) {
    this.items.set(item.conversationId, item);
    this.cards.delete(item.conversationId);
    this.render();
  }

  /** Someone took it, or it is no longer waiting. */
  remove(conversationId) {
    if (this.items.delete(conversationId)) {
      this.render();
    }
  }

  /** The claim was lost: say who holds it, on the item while it is still shown. */
  markLost(conversationId, heldBy) {
    const node = this.list.querySelector(`[data-id="${CSS.escape(conversationId)}"] .lost`);
    if (node) {
      node.textContent = `Not claimed: held by ${heldBy}.`;
      node.hidden = false;
    }
  }

  sorted() {
    return [...this.items.values()].sort((a, b) =>
      b.priority - a.priority || parseTime(a.waitingSince) - parseTime(b.waitingSince));
  }

  render() {
    const items = this.sorted();
    this.count.textContent = String(items.length);
    this.empty.hidden = items.length > 0;
    for (const id of [...this.cards.keys()].filter(id => !this.items.has(id))) {
      this.cards.delete(id);
    }
    // Cards are kept while their item is shown, so a "held by" answer stays on them.
    fill(this.list, items.map(item => {
      if (!this.cards.has(item.conversationId)) {
        this.cards.set(item.conversationId, this.card(item));
      }
      return this.cards.get(item.conversationId);
    }));
    this.tick();
  }

  card(item) {
    const claim = el('button', { type: 'button', text: 'Claim' });
    claim.addEventListener('click', () => this.onClaim(item, claim));
    return el('li', { class: 'queue-item', dataset: { id: item.conversationId } },
      el('div', { class: 'row' },
        el('span', {},
          el('span', { class: `badge p${item.priority}`, text: words(item.reason) }), ' ',
          el('span', { class: 'muted', text: `${priorities[item.priority] || 'Normal'} priority · ${item.channel.toUpperCase()}` })),
        el('span', { class: 'wait', dataset: { since: item.waitingSince } })),
      el('p', { class: 'who', text: item.debtorName || 'Unknown sender' }),
      el('p', { class: 'for', text: item.creditorName ? `for ${item.creditorName}` : 'no creditor matched' }),
      item.summary ? el('p', { class: 'summary', text: item.summary }) : null,
      el('div', { class: 'row' }, claim),
      el('p', { class: 'lost', role: 'status', hidden: true }));
  }

  tick() {
    const now = Date.now();
    for (const wait of this.list.querySelectorAll('.wait')) {
      wait.textContent = `waiting ${formatDuration((now - parseTime(wait.dataset.since)) / 1000)}`;
    }
  }
}
