// Agreeing terms at the desk: the "Agree terms" form (a plan, a settlement or a promise to pay, proposed through the
// hub's Propose), and the agent's own requests for a supervisor's approval with their decisions.
import { el, fill, formatDateTime, notify, parseTime, words } from './common.js';

const byId = id => document.getElementById(id);

/** The limits a proposal passed, as people read them: max_installments → "max installments". */
export function limitsText(codes) {
  return (codes || []).join(', ');
}

/** How a request stands: [what happened, the terms and what follows]; pending, approved (with the note), rejected (with the reason) or withdrawn. */
export function approvalParts(approval) {
  switch (approval.status) {
    case 'pending':
      return ['Sent for approval:', `${approval.summary} (beyond: ${limitsText(approval.beyondLimits)}). Waiting for a supervisor.`];
    case 'approved':
      return [`Approved by ${approval.decidedBy}:`, `${approval.summary}. The debtor is sent the confirmation.${approval.note ? ` Note: ${approval.note}` : ''}`];
    case 'rejected':
      return [`Rejected by ${approval.decidedBy}:`, `${approval.summary}. Reason: ${approval.note || 'none given'}`];
    default:
      return ['Withdrawn:', `${approval.summary} (replaced by a newer proposal, or nobody held the conversation any more).`];
  }
}

/** How a request stands, in a sentence. */
export function approvalText(approval) {
  return approvalParts(approval).join(' ');
}

/** The agent's requests for approval, newest first (GetApprovals on connect, then each decision pushed). */
export class Requests {
  constructor(onChange) {
    this.list = byId('requests');
    this.all = new Map();
    this.onChange = onChange;
    this.render();
  }

  replace(approvals) {
    this.all.clear();
    for (const approval of approvals) {
      this.all.set(approval.id, approval);
    }
    this.render();
  }

  upsert(approval) {
    this.all.set(approval.id, approval);
    this.render();
  }

  /** The newest request made in a conversation, if any. */
  latestFor(conversationId) {
    return [...this.all.values()].filter(a => a.conversationId === conversationId)
      .sort((a, b) => parseTime(b.requestedAt) - parseTime(a.requestedAt))[0] || null;
  }

  render() {
    const approvals = [...this.all.values()].sort((a, b) => parseTime(b.requestedAt) - parseTime(a.requestedAt));
    fill(this.list, approvals.length
      ? approvals.map(a => el('li', { class: `request ${a.status}`, dataset: { id: a.id } },
        el('div', { class: 'row' },
          el('span', { class: `badge ${badgeClass(a.status)}`, text: words(a.status) }),
          el('span', { class: 'meta', text: `${a.debtorName || 'Unknown debtor'} · ${formatDateTime(a.requestedAt)}` })),
        el('p', { text: a.summary }),
        a.beyondLimits.length ? el('p', { class: 'meta', text: `Beyond: ${limitsText(a.beyondLimits)}` }) : null,
        a.decidedBy ? el('p', { class: 'meta', text: `${words(a.status)} by ${a.decidedBy}${a.note ? `: ${a.note}` : ''}` }) : null))
      : el('li', { class: 'empty', text: 'No requests yet.' }));
    this.onChange?.();
  }
}

export function badgeClass(status) {
  return { pending: 'p2', approved: 'ok', rejected: 'blocked', withdrawn: '' }[status] ?? '';
}

/** Wires the "Agree terms" form to the selected conversation. */
export function wireTerms(conversations, hub, requests) {
  const form = byId('terms-form');
  const kind = () => form.querySelector('input[name="terms-kind"]:checked').value;
  const showKind = () => {
    const current = kind();
    for (const node of form.querySelectorAll('[data-kind]')) {
      node.hidden = !node.dataset.kind.split(' ').includes(current);
    }
  };
  for (const radio of form.querySelectorAll('input[name="terms-kind"]')) {
    radio.addEventListener('change', showKind);
  }
  showKind();

  const number = id => {
    const raw = byId(id).value.trim();
    return raw === '' ? null : Number(raw);
  };
  const date = id => byId(id).value || null;

  form.addEventListener('submit', event => {
    event.preventDefault();
    const id = conversations.selected;
    if (!id) {
      return;
    }
    const chosen = kind();
    const proposal = { kind: chosen, installments: null, frequency: null, downPayment: null, startDate: null, amount: null, date: null };
    if (chosen === 'plan') {
      Object.assign(proposal, { installments: number('terms-installments'), frequency: byId('terms-frequency').value, downPayment: number('terms-down') ?? 0, startDate: date('terms-start') });
      if (!proposal.installments || !proposal.startDate) {
        notify('A plan needs the number of payments and the first payment date.');
        return;
      }
    } else {
      proposal.amount = number('terms-amount');
      if (chosen === 'promise') {
        proposal.date = date('terms-date');
      }
      if (!proposal.amount || (chosen === 'promise' && !proposal.date)) {
        notify(chosen === 'promise' ? 'A promise needs the amount and the date.' : 'A settlement needs the amount.');
        return;
      }
    }
    conversations.act(event.submitter, async () => {
      const result = await hub.call('Propose', id, proposal);
      // The outcome shows on the conversation itself (a status line above the transcript).
      if (result.outcome === 'agreed') {
        await conversations.agreed(id, result);
      } else if (result.approval) {
        requests.upsert(result.approval);
      }
      byId('terms-box').open = false;
    });
  });
}
