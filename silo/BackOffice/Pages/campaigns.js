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

// The coupons a campaign gave: only gift campaigns give them (a free-item coupon per gift).
function coupons(s) {
  if (s.terms.kind !== 'Gift' && s.couponsIssued === 0) return 'none: this campaign gives points';
  if (s.couponsIssued === 0) return 'no coupons issued yet';
  return `${format.number(s.couponsRedeemed, 0)} of ${format.number(s.couponsIssued, 0)} redeemed (${format.percent(100 * s.couponsRedeemed / s.couponsIssued)})`
    + (s.couponsVoided ? `, ${format.number(s.couponsVoided, 0)} voided by returns` : '');
}

// Treated against held out, with the 95 % interval of the uplift in the share that bought again, in percentage points.
function upliftLine(r) {
  const e = r.returnShareUplift;
  const points = v => v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${format.number(100 * v, 1)}`;
  return `Uplift in the share that bought again: ${points(e.value)} percentage points (95 % interval ${points(e.low)} to ${points(e.high)}).`;
}

function period(t) { return `${format.dateTime(t.starts)} to ${format.dateTime(t.ends)}`; }

async function list(currency) {
  const target = document.getElementById('campaigns');
  const statuses = await api('/api/campaigns');
  target.replaceChildren(statuses.length === 0 ? el('p', 'The program has no campaigns.') : table(['Campaign', 'Kind', 'Gives', 'When', 'Status', 'Budget or stock used', 'Coupons redeemed', 'Holdout'],
    statuses.map(s => [el('a', s.terms.name, { href: '/backoffice/campaign.html?id=' + encodeURIComponent(s.terms.id) }), kindNames[s.terms.kind] ?? s.terms.kind,
      gives(s.terms, currency), period(s.terms), standing(s), used(s), coupons(s), s.terms.holdoutPercent ? format.percent(s.terms.holdoutPercent, 0) : 'none'])));
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
  usage.append(el('p', `Coupons: ${coupons(s)}.`, { 'data-figure': 'coupons' }));
  document.getElementById('usage').replaceChildren(usage);
  const reading = document.getElementById('reading');
  try {
    const r = await api('/api/campaigns/' + encodeURIComponent(id) + '/uplift');
    if (r.firstAssigned === null) {
      // No customer reached yet: the groups would be two rows of zeros.
      reading.textContent = t.holdoutPercent ? 'No customer was reached yet: there is no uplift to measure.'
        : 'No customer was reached yet; this campaign holds nobody out, so its uplift cannot be measured.';
      return;
    }
    reading.textContent = r.reading;
    document.getElementById('uplift-figure').textContent = upliftLine(r);
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
