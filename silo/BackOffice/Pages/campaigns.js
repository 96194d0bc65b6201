// The campaign list and one campaign's page: terms, budget or gift stock used, and the uplift against its holdout group.
'use strict';

const kindNames = { CategoryMultiplier: 'Category multiplier', SpendBonus: 'Spend bonus', Gift: 'Gift' };

// What a campaign gives, in words: "2× points on coffee", "50 points from 20.00 spent", "a gift: mug".
function gives(t, currency) {
  if (t.kind === 'CategoryMultiplier') return `${format.number(t.multiplier)}× points on ${t.category ?? 'every category'}`;
  if (t.kind === 'SpendBonus') return `${format.points(t.bonusPoints)} from ${format.money(t.threshold, currency)} spent`;
  return `a gift: ${t.gift ?? '—'}` + (t.threshold ? ` from ${format.money(t.threshold, currency)} spent` : '');
}

// Points budget or gift stock: how much was given (net of returns) of how much.
function used(s) {
  const gift = s.terms.kind === 'Gift';
  const total = gift ? s.terms.giftStock : s.terms.pointsBudget;
  const unit = gift ? 'gifts' : 'points';
  if (!total) return `${format.number(s.given, 0)} ${unit} given, no limit`;
  return `${format.number(s.given, 0)} of ${format.number(total, 0)} ${unit} (${format.percent(100 * s.given / total)}), ${format.number(s.remaining, 0)} left`;
}

// Where a campaign stands: by its dates first (the grain's "open" says only whether its budget or stock is left).
function standing(s) {
  const now = Date.now();
  if (now < Date.parse(s.terms.starts)) return `starts ${format.relative(s.terms.starts)}`;
  if (now >= Date.parse(s.terms.ends)) return `ended ${format.relative(s.terms.ends)}`;
  return s.open ? `running, ends ${format.relative(s.terms.ends)}` : 'running, budget or stock used up';
}

function period(t) { return `${format.dateTime(t.starts)} to ${format.dateTime(t.ends)}`; }

async function list(currency) {
  const target = document.getElementById('campaigns');
  const statuses = await api('/api/campaigns');
  target.replaceChildren(statuses.length === 0 ? el('p', 'The program has no campaigns.') : table(['Campaign', 'Kind', 'Gives', 'When', 'Status', 'Budget or stock used', 'Holdout'],
    statuses.map(s => [el('a', s.terms.name, { href: '/backoffice/campaign.html?id=' + encodeURIComponent(s.terms.id) }), kindNames[s.terms.kind] ?? s.terms.kind,
      gives(s.terms, currency), period(s.terms), standing(s), used(s), s.terms.holdoutPercent ? format.percent(s.terms.holdoutPercent, 0) : 'none'])));
}

async function one(id, currency) {
  const s = await api('/api/campaigns/' + encodeURIComponent(id));
  const t = s.terms;
  document.getElementById('name').textContent = `${t.name} (${t.id})`;
  const dl = el('dl', null, { class: 'figures profile' });
  [['Kind', kindNames[t.kind] ?? t.kind], ['Gives', gives(t, currency)], ['Runs', period(t)],
   ['Status', standing(s)], ['Minimum tier', t.minimumTier ?? 'any'],
   ['Holdout', t.holdoutPercent ? `${format.percent(t.holdoutPercent, 0)} of reached customers get nothing and are measured` : 'none']]
    .forEach(([k, v]) => dl.append(el('dt', k), el('dd', v)));
  document.getElementById('terms').replaceChildren(dl);
  const usage = el('div');
  const total = t.kind === 'Gift' ? t.giftStock : t.pointsBudget;
  usage.append(el('p', used(s), { 'data-figure': 'used' }));
  if (total) usage.append(el('progress', null, { max: String(total), value: String(s.given), 'aria-label': 'Budget or stock used' }));
  usage.append(el('p', t.kind === 'Gift' ? `${format.number(s.given, 0)} gifts granted, ${format.number(s.returned, 0)} given back by returns.`
    : `${format.points(s.given)} of bonus granted, ${format.points(s.returned)} taken back by returns.`, { 'data-figure': 'granted' }));
  document.getElementById('usage').replaceChildren(usage);
  const reading = document.getElementById('reading');
  try {
    const r = await api('/api/campaigns/' + encodeURIComponent(id) + '/uplift');
    reading.textContent = r.reading;
    const g = r.treated, h = r.heldOut;
    const share = v => format.percent(100 * v);
    document.getElementById('groups').replaceChildren(table(['Group', 'Customers', 'Bought again', 'Share that bought again', 'Purchases per customer', 'Spend per customer'], [
      ['Reached', format.number(g.customers, 0), format.number(g.returned, 0), share(g.returnShare), format.number(g.purchasesPerCustomer, 2), format.money(g.spendPerCustomer, currency)],
      ['Held out', format.number(h.customers, 0), format.number(h.returned, 0), share(h.returnShare), format.number(h.purchasesPerCustomer, 2), format.money(h.spendPerCustomer, currency)],
    ]));
    charts.bar(document.getElementById('uplift-chart'), 'Share that bought again, reached against held out (%)', ['Reached', 'Held out'],
      [100 * g.returnShare, 100 * h.returnShare], { label: 'Share that bought again', format: v => format.percent(v) });
  } catch (error) { showError(document.getElementById('groups'), error); }
}

whoAmI.then(async () => {
  const main = document.querySelector('main');
  try {
    const currency = (await api('/api/program')).settings.currency;
    const id = new URLSearchParams(location.search).get('id');
    if (document.getElementById('campaigns')) await list(currency); else await one(id, currency);
  } catch (error) { main.append(el('p', error.message, { class: 'error' })); }
});
