// The context panel: the conversation's case in full (creditor, debtor, contacts, invoices, disputes, plans,
// promises, payments) and why the bot handed it off.
import { el, formatDate, formatDateTime, formatMoney, table, words } from './common.js';

/**
 * The panel's content for a conversation (context: the hub's GetContext answer, null without a case; elsewhere: the
 * case's messages in the debtor's other conversations, from GetCaseTranscript).
 */
export function renderContext(context, conversationId, elsewhere = []) {
  if (!context) {
    return [el('p', { class: 'empty', text: 'No account is linked to this conversation (the sender matched no contact).' })];
  }
  const conversation = context.conversations.find(c => c.id === conversationId);
  const open = totals(context.invoices.filter(i => i.balance > 0), i => i.balance);
  return [
    conversation && conversation.handoffReason
      ? el('div', { class: 'handoff' },
        el('strong', { text: `Handed off: ${words(conversation.handoffReason)}` }),
        conversation.handoffSummary ? el('p', { text: conversation.handoffSummary }) : null)
      : null,
    el('dl', {},
      el('dt', { text: 'Creditor' }), el('dd', { text: context.creditor.name }),
      el('dt', { text: 'Debtor' }), el('dd', { text: `${context.debtor.name}${context.debtor.reference ? ` (${context.debtor.reference})` : ''}` }),
      el('dt', { text: 'Stage' }), el('dd', { text: words(context.stage) }),
      el('dt', { text: 'Open' }), el('dd', { text: open.length ? open.join(' + ') : 'nothing' })),
    el('h3', { text: 'Contacts' }),
    context.contacts.length
      ? el('ul', {}, context.contacts.map(c => el('li', {},
        el('strong', { text: c.name }), ` · ${words(c.role)}`,
        c.phone ? ` · ${c.phone}` : '', c.email ? ` · ${c.email}` : '', ` · ${c.timeZone}`,
        c.invalid ? el('span', { class: 'badge held', text: 'unreachable' }) : null)))
      : el('p', { class: 'empty', text: 'None.' }),
    el('h3', { text: 'Invoices' }),
    table('Invoices', [
      { label: 'Invoice', value: i => i.number },
      { label: 'Due', value: i => formatDate(i.dueDate) },
      {
        label: 'Balance', num: true, value: i => i.balance === i.amount
          ? formatMoney(i.balance, i.currency)
          : el('span', {}, formatMoney(i.balance, i.currency), el('span', { class: 'of', text: `of ${formatMoney(i.amount, i.currency)}` }))
      },
      { label: 'Status', value: i => words(i.status) }
    ], context.invoices),
    el('h3', { text: 'Disputes' }),
    context.disputes.length
      ? el('ul', {}, context.disputes.map(d => el('li', {},
        el('strong', { text: words(d.reason) }), ` · ${words(d.status)} · ${d.invoices.join(', ')} · opened ${formatDateTime(d.openedAt)}`,
        d.details ? el('div', { class: 'muted', text: d.details }) : null)))
      : el('p', { class: 'empty', text: 'None.' }),
    el('h3', { text: 'Payment plans' }),
    context.plans.length
      ? el('ul', {}, context.plans.map(p => el('li', {},
        `${words(p.status)}: ${formatMoney(p.total, p.currency)} in ${p.installments} ${words(p.frequency).toLowerCase()} installments, ${p.paid} paid (agreed by ${p.agreedBy})`)))
      : el('p', { class: 'empty', text: 'None.' }),
    el('h3', { text: 'Promises to pay' }),
    table('Promises to pay', [
      { label: 'For', value: p => formatDate(p.promisedDate) },
      { label: 'Amount', num: true, value: p => formatMoney(p.amount, p.currency) },
      { label: 'Collected', num: true, value: p => formatMoney(p.collected, p.currency) },
      { label: 'Status', value: p => words(p.status) }
    ], context.promises),
    el('h3', { text: 'Payments' }),
    table('Payments', [
      { label: 'Received', value: p => formatDateTime(p.receivedAt) },
      { label: 'Amount', num: true, value: p => formatMoney(p.amount, p.currency) },
      { label: 'Method', value: p => words(p.method) },
      { label: 'Status', value: p => words(p.status) }
    ], context.payments),
    el('h3', { text: 'On other channels' }),
    elsewhere.length
      ? el('ol', { class: 'elsewhere', 'aria-label': 'Messages about this account in other conversations' },
        elsewhere.slice(-20).map(m => el('li', {},
          el('span', { class: 'meta', text: `${m.channel.toUpperCase()} · ${words(m.sender)} · ${formatDateTime(m.at)}` }),
          el('p', { text: m.body }))))
      : el('p', { class: 'empty', text: 'Nothing: this is the only conversation about the account.' })
  ];
}

function totals(rows, amount) {
  const sums = new Map();
  for (const row of rows) {
    sums.set(row.currency, (sums.get(row.currency) || 0) + amount(row));
  }
  return [...sums].map(([currency, value]) => formatMoney(value, currency));
}
