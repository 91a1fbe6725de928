// What collection brought a creditor: promises made and kept, money promised and collected, payments, disputes,
// recovery and what is still open by age; for a period and optionally one debtor; with a CSV export.
import { api, el, fill, formatDate, formatMoney, formatPercent, mountHeader, notify, requireSession, table, words } from './common.js';
import { barChart } from './charts.js';

const who = await requireSession();
mountHeader(who, '/desk/outcomes');

const byId = id => document.getElementById(id);
const staff = who.roles.includes('Agent') || who.roles.includes('Supervisor');
const buckets = ['current', '1-30', '31-60', '61-90', 'over 90'];
const params = new URLSearchParams(window.location.search);

const isoDate = date => date.toISOString().slice(0, 10);
const today = new Date();
byId('from').value = params.get('from') || isoDate(new Date(today.getTime() - 90 * 86400000));
byId('to').value = params.get('to') || isoDate(today);
byId('debtor').value = params.get('debtor') || '';

const select = byId('creditor');
if (staff) {
  // Desk staff look at any creditor; a creditor's own users see theirs only (the server decides either way).
  try {
    const creditors = await api('/api/desk/creditors');
    fill(select, creditors.map(c => el('option', { value: c.id, text: c.name })));
    if (params.get('creditorId')) {
      select.value = params.get('creditorId');
    }
    byId('creditor-field').hidden = false;
    select.addEventListener('change', show);
  } catch (error) {
    notify(error.message);
  }
}

/** The query for the chosen creditor, period and debtor. */
function query() {
  const q = new URLSearchParams();
  const creditorId = staff ? select.value : params.get('creditorId');
  if (creditorId) {
    q.set('creditorId', creditorId);
  }
  q.set('from', byId('from').value);
  q.set('to', byId('to').value);
  if (byId('debtor').value.trim()) {
    q.set('debtor', byId('debtor').value.trim());
  }
  return q;
}

async function show() {
  const error = byId('outcomes-error');
  error.hidden = true;
  const q = query();
  window.history.replaceState(null, '', `/desk/outcomes?${q}`);
  try {
    const report = await api(`/api/desk/outcomes?${q}`);
    render(report);
    const csv = byId('csv');
    csv.href = `/api/desk/outcomes?${q}&format=csv`;
    csv.setAttribute('download', `promises-${report.from}-to-${report.to}.csv`);
    csv.hidden = false;
  } catch (failure) {
    byId('results').hidden = true;
    byId('csv').hidden = true;
    byId('outcomes-title').textContent = 'Outcomes';
    const fields = failure.errors ? Object.values(failure.errors).flat() : [];
    error.textContent = [failure.message, ...fields].join(' ');
    error.hidden = false;
  }
}

function stat(label, value, small) {
  return el('div', { class: 'stat' }, el('span', { class: 'label', text: label }), el('span', { class: small ? 'value small' : 'value', text: value }));
}

function amounts(list) {
  return list.length ? list.map(a => formatMoney(a.value, a.currency)).join(' + ') : 'none';
}

function render(report) {
  const p = report.promisesToPay;
  byId('outcomes-title').textContent = `Outcomes for ${report.creditorName}`;
  fill(byId('promise-stats'),
    stat('Made', String(p.made)), stat('Kept', String(p.kept)), stat('Broken', String(p.broken)),
    stat('Pending', String(p.pending)), stat('Cancelled', String(p.cancelled)), stat('Kept rate', formatPercent(p.keptRate)));
  fill(byId('money-stats'),
    stat('Promised', amounts(p.promised), true), stat('Collected on promises', amounts(p.collected), true),
    stat('Payments received', amounts(report.payments), true),
    stat('Period', `${formatDate(report.from)} to ${formatDate(report.to)}${report.debtor ? `, ${report.debtor}` : ''}`, true));

  fill(byId('promise-chart'), p.made === 0
    ? el('p', { class: 'empty', text: 'No promises made in this period.' })
    : barChart('Promises to pay by outcome', [
      { name: 'Kept', value: p.kept, text: String(p.kept), className: 'bar-kept' },
      { name: 'Broken', value: p.broken, text: String(p.broken), className: 'bar-broken' },
      { name: 'Pending', value: p.pending, text: String(p.pending), className: 'bar-pending' },
      { name: 'Cancelled', value: p.cancelled, text: String(p.cancelled), className: 'bar-cancelled' }
    ]));

  const currencies = [...new Set(report.openByAge.map(b => b.currency))];
  fill(byId('ageing-chart'), currencies.length === 0
    ? el('p', { class: 'empty', text: 'Nothing is open.' })
    : currencies.map(currency => [
      currencies.length > 1 ? el('p', { class: 'currency', text: currency }) : null,
      barChart(`Open balances in ${currency} by days past due`, buckets.map((bucket, index) => {
        const found = report.openByAge.find(b => b.currency === currency && b.daysPastDue === bucket);
        const balance = found ? found.balance : 0;
        return {
          name: bucket === 'current' ? 'Not yet due' : `${bucket} days`,
          value: balance,
          text: `${formatMoney(balance, currency)}${found ? ` (${found.invoices})` : ''}`,
          className: `bar-age${index >= 3 ? ' later' : index >= 1 ? ' late' : ''}`
        };
      }))
    ]));

  fill(byId('disputes'), table('Disputes by reason', [
    { label: 'Reason', value: d => words(d.reason) },
    { label: 'Disputes', num: true, value: d => d.count }
  ], report.disputesByReason, 'No disputes opened in this period.'));
  fill(byId('recovery'), table('Recovery by currency', [
    { label: 'Currency', value: r => r.currency },
    { label: 'Billed', num: true, value: r => formatMoney(r.billed, r.currency) },
    { label: 'Recovered', num: true, value: r => formatMoney(r.recovered, r.currency) },
    { label: 'Rate', num: true, value: r => formatPercent(r.rate) }
  ], report.recoveryRate, 'Nothing billed.'));
  fill(byId('promise-list'), table('Promises made in the period', [
    { label: 'Made', value: r => formatDate(r.made) },
    { label: 'Debtor', value: r => r.debtor },
    { label: 'Reference', value: r => r.reference },
    { label: 'Promised for', value: r => formatDate(r.promisedFor) },
    { label: 'Amount', num: true, value: r => formatMoney(r.amount, r.currency) },
    { label: 'Collected', num: true, value: r => formatMoney(r.collected, r.currency) },
    { label: 'Status', value: r => r.status }
  ], report.promises, 'No promises made in this period.'));
  byId('results').hidden = false;
}

byId('filters').addEventListener('submit', event => {
  event.preventDefault();
  show();
});

show();
