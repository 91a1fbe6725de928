// The conversations an agent holds: tabs, the selected one's transcript (live debtor messages appended), the reply
// box with the compliance guard's verdict (and the typing indicator both ways), the account, notes, terms agreed or
// sent for approval, and release / send to another queue / hand back / transfer / wrap up.
import { byTimeMade, el, fill, formatDateTime, formatTime, notify, parseTime, words } from './common.js';
import { renderContext } from './agent-context.js';
import { approvalParts } from './agent-terms.js';

// The agent's typing is shown to the debtor at most this often; the debtor's for this long after each signal.
const typingEvery = 3000;
const debtorTypingFor = 5000;

const senders = { contact: 'Debtor', bot: 'Bot', agent: 'Agent', system: 'Desk notice' };

const byId = id => document.getElementById(id);

export class Conversations {
  /** hub.call(method, ...args) invokes the hub and throws an Error with the server's message. */
  constructor(hub) {
    this.hub = hub;
    this.all = new Map();
    this.selected = null;
    this.view = {
      tabs: byId('mine'), mineEmpty: byId('mine-empty'), placeholder: byId('placeholder'), head: byId('conversation-head'),
      title: byId('conversation-title'), sub: byId('conversation-sub'), transcript: byId('transcript'),
      replyForm: byId('reply-form'), replyText: byId('reply-text'), context: byId('context'), notes: byId('notes'),
      noteForm: byId('note-form'), noteText: byId('note-text'), agreement: byId('agreement'), typing: byId('typing')
    };
    /** The agent's requests for approval (set by the page): each conversation shows where its latest stands. */
    this.requests = null;
    this.typingSent = new Map();
    this.wire();
    this.render();
  }

  has(id) {
    return this.all.has(id);
  }

  ids() {
    return [...this.all.keys()];
  }

  /** A conversation this agent now holds: its account, transcript (unless given, e.g. by a claim) and notes. */
  async add(id, transcript) {
    if (this.all.has(id)) {
      for (const message of transcript || []) {
        this.put(this.all.get(id), message);
      }
      this.render();
      return;
    }
    // Registered before loading, so a debtor's message pushed meanwhile is kept.
    const conversation = { id, context: null, elsewhere: [], messages: new Map(), lastAt: null, unread: 0, notes: [], agreement: null, typingUntil: 0 };
    this.all.set(id, conversation);
    try {
      const [context, messages, notes, caseWide] = await Promise.all([
        this.hub.call('GetContext', id),
        transcript ? Promise.resolve(transcript) : this.hub.call('GetTranscript', id, null),
        this.hub.call('GetNotes', id),
        this.hub.call('GetCaseTranscript', id)
      ]);
      conversation.context = context;
      // What was said about the same case in the debtor's other conversations (other channels, earlier threads).
      conversation.elsewhere = caseWide.filter(m => m.conversationId !== id);
      conversation.notes = notes;
      for (const message of messages) {
        this.put(conversation, message);
      }
    } catch (error) {
      this.all.delete(id);
      throw error;
    }
    if (!this.selected) {
      this.selected = id;
    }
    this.render();
  }

  /** Hands the view to a conversation (and the keyboard to its reply box, unless moving along the tabs). */
  select(id, focusReply = true) {
    this.selected = id;
    const conversation = this.all.get(id);
    if (conversation) {
      conversation.unread = 0;
    }
    this.render();
    if (focusReply) {
      this.view.replyText.focus();
    }
  }

  /** No longer this agent's: released, handed back, transferred or wrapped up. */
  remove(id) {
    this.all.delete(id);
    if (this.selected === id) {
      this.selected = this.all.size ? this.all.keys().next().value : null;
    }
    this.render();
  }

  /** A message pushed by the hub (the debtor wrote). */
  receive(message) {
    const conversation = this.all.get(message.conversationId);
    if (!conversation) {
      return;
    }
    if (this.put(conversation, message) && this.selected !== conversation.id) {
      conversation.unread += 1;
    }
    if (message.direction === 'inbound') {
      conversation.typingUntil = 0;
    }
    this.render();
  }

  /** The debtor is typing (web chat): say so on that conversation for a few seconds. */
  debtorTyping(id) {
    const conversation = this.all.get(id);
    if (!conversation) {
      return;
    }
    conversation.typingUntil = Date.now() + debtorTypingFor;
    this.render();
    clearTimeout(conversation.typingTimer);
    conversation.typingTimer = setTimeout(() => this.render(), debtorTypingFor + 50);
  }

  /** Terms agreed at once: shown on the conversation, with the confirmation in the transcript. */
  async agreed(id, result) {
    const conversation = this.all.get(id);
    if (!conversation) {
      return;
    }
    conversation.agreement = { summary: result.summary, message: result.message, at: Date.now() };
    this.follow = true;
    if (result.message) {
      this.put(conversation, {
        conversationId: id, messageId: result.message.messageId, direction: 'outbound', sender: 'agent', body: result.message.text,
        at: new Date().toISOString(), status: result.message.verdict === 'block' ? 'blocked' : 'queued',
        rule: result.message.verdict === 'allow' ? null : result.message.rule
      }, true);
    }
    this.render();
    await this.refresh(id);
  }

  /** Fetches what was said in a conversation since the last message shown (e.g. a confirmation sent on approval). */
  async refresh(id) {
    const conversation = this.all.get(id);
    if (!conversation) {
      return;
    }
    for (const message of await this.hub.call('GetTranscript', id, conversation.lastAt)) {
      this.put(conversation, message);
    }
    this.render();
  }

  /** After a reconnect: what this agent holds now, and every message since the last one shown. */
  async resync(mine) {
    for (const id of this.ids().filter(id => !mine.includes(id))) {
      notify(`${this.title(this.all.get(id))} is no longer with you.`, 'info');
      this.remove(id);
    }
    for (const id of mine) {
      const conversation = this.all.get(id);
      if (!conversation) {
        await this.add(id);
        continue;
      }
      const missed = await this.hub.call('GetTranscript', id, conversation.lastAt);
      for (const message of missed) {
        if (this.put(conversation, message) && this.selected !== id) {
          conversation.unread += 1;
        }
      }
      conversation.notes = await this.hub.call('GetNotes', id);
    }
    this.render();
  }

  /** Records a message; true when it is new. The server's copy replaces a reply shown before it came back. */
  put(conversation, message, local = false) {
    const known = conversation.messages.get(message.messageId);
    if (known && local) {
      return false;
    }
    conversation.messages.set(message.messageId, { ...message, local });
    if (!local && (!conversation.lastAt || parseTime(message.at) >= parseTime(conversation.lastAt))) {
      // The server's own time string, so GetTranscript(after) compares like with like.
      conversation.lastAt = message.at;
    }
    return !known;
  }

  title(conversation) {
    return (conversation.context && conversation.context.debtor.name) || 'Unknown sender';
  }

  line(conversation) {
    return conversation.context && conversation.context.conversations.find(c => c.id === conversation.id);
  }

  render() {
    this.renderTabs();
    this.renderSelected();
  }

  renderTabs() {
    const { tabs, mineEmpty } = this.view;
    mineEmpty.hidden = this.all.size > 0;
    const focused = tabs.contains(document.activeElement) ? document.activeElement.id : null;
    fill(tabs, [...this.all.values()].map(conversation => {
      const line = this.line(conversation);
      const selected = conversation.id === this.selected;
      return el('button', {
        type: 'button', role: 'tab', class: 'tab', id: `tab-${conversation.id}`, 'aria-selected': String(selected),
        'aria-controls': 'conversation', tabindex: selected || !this.selected ? '0' : '-1',
        onclick: () => this.select(conversation.id)
      },
      conversation.unread ? el('span', { class: 'badge p2 unread', text: `${conversation.unread} new` }) : null,
      el('strong', { text: this.title(conversation) }),
      conversation.typingUntil > Date.now() ? el('span', { class: 'typing-mark', text: 'typing…' }) : null,
      el('span', { class: 'sub', text: [conversation.context && conversation.context.creditor.name, line && line.channel.toUpperCase(), line && words(line.handoffReason)].filter(Boolean).join(' · ') }));
    }));
    // The tabs are drawn afresh: keep the keyboard where it was.
    if (focused && byId(focused)) {
      byId(focused).focus();
    }
  }

  renderSelected() {
    const view = this.view;
    const conversation = this.selected && this.all.get(this.selected);
    view.placeholder.hidden = Boolean(conversation);
    // Whether the transcript follows its newest message, decided before the panels above it change its height.
    const box = view.transcript;
    const follow = this.follow || box.scrollHeight - box.scrollTop - box.clientHeight < 60 || (conversation && box.dataset.for !== conversation.id);
    this.follow = false;
    view.head.hidden = view.transcript.hidden = view.replyForm.hidden = view.noteForm.hidden = !conversation;
    this.renderAgreement(conversation);
    view.typing.textContent = conversation && conversation.typingUntil > Date.now() ? 'Debtor is typing…' : '';
    view.typing.hidden = !conversation;
    if (!conversation) {
      fill(view.context, el('p', { class: 'empty', text: 'Pick a conversation to see its account.' }));
      fill(view.notes);
      view.transcript.replaceChildren();
      return;
    }
    byId('conversation').setAttribute('aria-labelledby', `tab-${conversation.id}`);
    const line = this.line(conversation);
    view.title.textContent = this.title(conversation);
    view.sub.textContent = [line && line.channel.toUpperCase(), conversation.context && `for ${conversation.context.creditor.name}`].filter(Boolean).join(' · ');
    fill(view.context, renderContext(conversation.context, conversation.id, conversation.elsewhere));
    this.renderTranscript(conversation, follow);
    fill(view.notes, conversation.notes.length
      ? conversation.notes.map(note => el('li', {},
        el('span', { class: 'meta', text: `${note.author} · ${formatDateTime(note.at)}` }),
        el('p', { text: note.text })))
      : el('li', { class: 'empty', text: 'No notes yet.' }));
  }

  /** Where terms stand in the conversation: agreed at once, or the latest request for approval and its decision. */
  renderAgreement(conversation) {
    const box = this.view.agreement;
    const request = conversation && this.requests ? this.requests.latestFor(conversation.id) : null;
    const agreed = conversation && conversation.agreement;
    const requestAt = request ? parseTime(request.decidedAt || request.requestedAt).getTime() : 0;
    if (agreed && (!request || agreed.at >= requestAt)) {
      const verdict = agreed.message
        ? agreed.message.verdict === 'allow' ? 'The confirmation is sent to the debtor.'
          : agreed.message.verdict === 'hold' ? `The confirmation is held (${agreed.message.rule}).` : `The confirmation was blocked (${agreed.message.rule}).`
        : '';
      box.className = 'agreement agreed';
      fill(box, el('strong', { text: 'Agreed:' }), ` ${agreed.summary}. ${verdict}`);
      box.hidden = false;
    } else if (request) {
      box.className = `agreement ${request.status}`;
      const [lead, rest] = approvalParts(request);
      fill(box, el('strong', { text: lead }), ` ${rest}`);
      box.hidden = false;
    } else {
      box.hidden = true;
      box.replaceChildren();
    }
  }

  renderTranscript(conversation, atBottom) {
    const box = this.view.transcript;
    const messages = [...conversation.messages.values()].sort(byTimeMade);
    fill(box, messages.map(message => this.message(message)));
    box.dataset.for = conversation.id;
    if (atBottom) {
      box.scrollTop = box.scrollHeight;
    }
  }

  message(message) {
    const blocked = message.status === 'blocked';
    const held = !blocked && Boolean(message.rule);
    const mark = blocked
      ? el('span', { class: 'badge blocked', text: `Blocked: ${message.rule || 'compliance'}` })
      : held ? el('span', { class: 'badge held', text: `Held: ${message.rule}` })
        : message.status === 'failed' || message.status === 'undelivered' ? el('span', { class: 'badge blocked', text: 'Not delivered' }) : null;
    return el('div', { class: `message ${message.sender}${blocked ? ' blocked' : ''}`, dataset: { id: message.messageId } },
      el('div', { class: 'meta' },
        el('span', { text: senders[message.sender] || message.sender }),
        el('time', { datetime: message.at, text: formatTime(message.at) }),
        mark),
      el('p', { class: 'body', text: message.body }));
  }

  wire() {
    const view = this.view;
    const current = () => this.selected;

    // The tabs as a tab list: arrow keys, Home and End move between the conversations.
    view.tabs.addEventListener('keydown', event => {
      const ids = this.ids();
      const at = ids.indexOf(this.selected);
      const next = { ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: ids.length - 1 }[event.key];
      if (next === undefined || ids.length === 0) {
        return;
      }
      event.preventDefault();
      const id = ids[(next + ids.length) % ids.length];
      this.select(id, false);
      byId(`tab-${id}`).focus();
    });

    view.replyForm.addEventListener('submit', event => {
      event.preventDefault();
      this.reply();
    });
    // The debtor sees that the agent is typing (where the channel can show it; SMS cannot, and says false).
    view.replyText.addEventListener('input', () => {
      const id = this.selected;
      const now = Date.now();
      if (!id || !view.replyText.value.trim() || now - (this.typingSent.get(id) || 0) < typingEvery) {
        return;
      }
      this.typingSent.set(id, now);
      this.hub.call('Typing', id).catch(() => {});
    });
    view.replyText.addEventListener('keydown', event => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.reply();
      }
    });

    view.noteForm.addEventListener('submit', event => {
      event.preventDefault();
      const id = current();
      const text = view.noteText.value.trim();
      if (!id || !text) {
        notify('Write the note first.');
        return;
      }
      this.act(view.noteForm.querySelector('button'), async () => {
        const note = await this.hub.call('AddNote', id, text);
        view.noteText.value = '';
        this.all.get(id)?.notes.push(note);
        this.render();
      });
    });

    byId('release').addEventListener('click', event => this.act(event.currentTarget, async () => {
      const id = current();
      await this.hub.call('Release', id);
      this.remove(id);
      notify('Released: the conversation is back in the queue.', 'info');
    }));

    byId('hand-back').addEventListener('click', event => this.act(event.currentTarget, async () => {
      const id = current();
      await this.hub.call('HandBack', id);
      this.remove(id);
      notify('Handed back: the bot carries on, and the debtor was told.', 'info');
    }));

    byId('transfer-form').addEventListener('submit', event => {
      event.preventDefault();
      const email = byId('transfer-email');
      if (!email.value.trim()) {
        notify("Enter the colleague's email.");
        email.focus();
        return;
      }
      this.act(event.submitter, async () => {
        const id = current();
        await this.hub.call('Transfer', id, email.value.trim());
        this.remove(id);
        notify(`Transferred to ${email.value.trim()}.`, 'info');
        email.value = '';
        byId('transfer-box').open = false;
      });
    });

    byId('requeue-form').addEventListener('submit', event => {
      event.preventDefault();
      const queue = byId('requeue-queue');
      const note = byId('requeue-note');
      if (!queue.value || !note.value.trim()) {
        notify(queue.value ? 'Say why, for whoever takes it.' : 'Choose the queue to send it to.');
        (queue.value ? note : queue).focus();
        return;
      }
      this.act(event.submitter, async () => {
        const id = current();
        await this.hub.call('TransferToQueue', id, queue.value, note.value.trim());
        this.remove(id);
        notify(`Sent to the ${queue.selectedOptions[0].textContent} queue.`, 'info');
        queue.value = '';
        note.value = '';
        byId('requeue-box').open = false;
      });
    });

    byId('wrap-form').addEventListener('submit', event => {
      event.preventDefault();
      const disposition = byId('disposition');
      const outcome = byId('outcome');
      if (!disposition.value) {
        notify('Choose a disposition to wrap up.');
        disposition.focus();
        return;
      }
      this.act(event.submitter, async () => {
        const id = current();
        await this.hub.call('WrapUp', id, disposition.value, outcome.value.trim() || null);
        this.remove(id);
        notify(`Wrapped up: ${disposition.selectedOptions[0].textContent}.`, 'info');
        disposition.value = '';
        outcome.value = '';
        byId('wrap-box').open = false;
      });
    });
  }

  /** Sends the reply; the guard's verdict shows on the message (a blocked reply keeps its text in the box to rework). */
  reply() {
    const id = this.selected;
    const text = this.view.replyText.value.trim();
    if (!id || !text) {
      notify('Write a reply first.');
      return;
    }
    this.act(this.view.replyForm.querySelector('button'), async () => {
      const result = await this.hub.call('Reply', id, text);
      const conversation = this.all.get(id);
      if (conversation) {
        this.put(conversation, {
          conversationId: id, messageId: result.messageId, direction: 'outbound', sender: 'agent', body: result.text,
          at: new Date().toISOString(), status: result.verdict === 'block' ? 'blocked' : 'queued',
          rule: result.verdict === 'allow' ? null : result.rule
        }, true);
        this.render();
        // The recorded copy, with the server's time and state, takes the place of the one shown at once.
        for (const message of await this.hub.call('GetTranscript', id, conversation.lastAt)) {
          this.put(conversation, message);
        }
        this.render();
      }
      if (result.verdict === 'block') {
        notify(`Your reply was not sent: it broke the rule ${result.rule}. Rephrase it and send again.`);
      } else {
        this.view.replyText.value = '';
        if (result.verdict === 'hold') {
          notify(`Your reply is held (${result.rule}): it goes out when the debtor's contact window opens.`, 'info');
        }
      }
    });
  }

  /** Runs an action with its button disabled; a failure is shown, never swallowed. */
  async act(button, action) {
    if (button) {
      button.disabled = true;
    }
    try {
      await action();
    } catch (error) {
      notify(error.message);
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }
}
