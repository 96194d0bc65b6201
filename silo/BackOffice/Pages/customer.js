// The customer page for customer care: profile, tier progress, cards with block and replace, coupons, feedback, the ledger
// paged newest first and filtered on the server, adjustments, GDPR export and erasure, and this customer's audit trail.
'use strict';

const id = new URLSearchParams(location.search).get('id');
const path = '/api/customers/' + encodeURIComponent(id);
const pageSize = 25;
const kinds = ['Purchase', 'Redemption', 'Refund', 'RedemptionReturn', 'Adjustment', 'Expiry', 'Bonus', 'BonusReversal', 'OfflineRedemption', 'DebtRecovery'];
let isAdmin = false;
let cardIds = [];
let currency = null;
// Keyset paging: the first seq of each page shown so far, so "Newer" goes back exactly.
let pages = [];
document.getElementById('export').href = path + '/export';
kinds.forEach(k => document.getElementById('filter-kind').append(el('option', k, { value: k })));

function tierProgress(c, tiers) {
  const box = el('div');
  box.append(el('p', c.tier ? `${c.tier}` : 'No tier', { 'data-field': 'tier' }));
  const next = tiers.find(t => t.name === c.nextTier);
  if (next && c.spendToNextTier !== null && c.spendToNextTier !== undefined) {
    const done = Math.max(0, Number(next.minimumSpend) - Number(c.spendToNextTier));
    const bar = el('progress', null, { max: String(next.minimumSpend), value: String(done), 'aria-label': `Progress to ${next.name}` });
    box.append(bar, el('p', `${format.money(c.spendToNextTier, currency)} more spend in the rolling 12 months reaches ${next.name} (${format.money(next.minimumSpend, currency)}).`, { class: 'muted' }));
  } else if (c.tier) {
    box.append(el('p', 'The highest tier.', { class: 'muted' }));
  }
  if (c.tierReviewAt) box.append(el('p', `Next review ${format.date(c.tierReviewAt)} (${format.relative(c.tierReviewAt)}); only a review can lower the tier.`, { class: 'muted' }));
  return box;
}

async function loadCustomer() {
  try {
    const [{ customer: c, cards }, program] = await Promise.all([api(path), api('/api/program')]);
    currency = program.settings.currency;
    document.getElementById('name').textContent = c.profile.displayName + ' (' + c.customerId + ')';
    const dl = el('dl', null, { class: 'figures profile' });
    [['Balance', format.points(c.balance)], ['Pending', format.points(c.pendingPoints) + ' not yet spendable'],
     ['Expiring', format.points(c.pointsExpiringSoon) + ' within 30 days'],
     ['Lifetime spend', format.money(c.lifetimeSpend, currency)], ['Visits', format.number(c.visitCount, 0)],
     ['E-mail', c.profile.email ?? '—'], ['Phone', c.profile.phone ?? '—'], ['Enrolled', format.when(c.enrolledAt)],
     ['Last purchase', c.lastPurchaseAt ? format.when(c.lastPurchaseAt) : '—'], ['Referral code', c.referralCode ?? '—'],
     ['Debt', c.debt ? format.number(c.debt, 0) + ' points owed from offline redemptions, paid back from the next points earned' : '—']]
      .forEach(([k, v]) => { dl.append(el('dt', k), el('dd', v, { 'data-field': k.toLowerCase().replace(' ', '-') })); });
    document.getElementById('profile').replaceChildren(dl);
    document.getElementById('tier').replaceChildren(tierProgress(c, program.settings.tiers || []));
    document.getElementById('cards').replaceChildren(cards.length === 0 ? el('p', 'No cards.') : table(['Card', 'Status', 'Since', 'Note'], cards.map(card =>
      [card.cardId, card.status + (card.replacedBy ? ' → ' + card.replacedBy : ''), card.changedAt ? format.when(card.changedAt) : '—', card.blockReason ?? ''])));
    cardIds = cards.map(card => card.cardId);
    const active = cards.filter(card => card.status === 'Active');
    for (const select of ['block-card', 'replace-card']) {
      document.getElementById(select).replaceChildren(...active.map(card => el('option', card.cardId, { value: card.cardId })));
    }
    document.getElementById('card-actions').hidden = !isAdmin || active.length === 0;
    loadCoupons(c.coupons);
    document.getElementById('feedback').replaceChildren(c.feedback.length === 0 ? el('p', 'No answers yet.', { class: 'muted' })
      : table(['When', 'Score (0–10)', 'Store'], c.feedback.slice().reverse().map(f => [format.when(f.at), f.score, f.storeId ?? ''])));
  } catch (error) { showError(document.getElementById('profile'), error); }
}

async function loadCoupons(codes) {
  const target = document.getElementById('coupons');
  if (codes.length === 0) { target.replaceChildren(el('p', 'No coupons.', { class: 'muted' })); return; }
  try {
    const coupons = await Promise.all(codes.slice(-20).map(code => api('/api/coupons/' + encodeURIComponent(code))));
    target.replaceChildren(table(['Code', 'What', 'Value', 'Issued', 'Valid until', 'Used'], coupons.reverse().map(k =>
      [k.code, k.description, format.number(k.value), format.date(k.issuedAt), format.date(k.expiresAt), k.redeemedAt ? format.when(k.redeemedAt) : 'not yet'])));
  } catch (error) { showError(target, error); }
}

function ledgerQuery(beforeSeq) {
  const f = new FormData(document.getElementById('ledger-filters'));
  const q = new URLSearchParams({ newestFirst: 'true', take: String(pageSize + 1) });
  for (const name of ['kind', 'store', 'from', 'to']) { const v = (f.get(name) || '').trim(); if (v) q.set(name, v); }
  if (beforeSeq) q.set('beforeSeq', String(beforeSeq));
  return q;
}

// Shows the page of entries before `beforeSeq` (null: the newest); one more than a page is asked for to know if there are older ones.
async function loadLedger(beforeSeq) {
  const target = document.getElementById('ledger');
  try {
    const entries = await api(path + '/ledger?' + ledgerQuery(beforeSeq));
    const shown = entries.slice(0, pageSize);
    target.replaceChildren(shown.length === 0 ? el('p', 'No entries match.') : table(['#', 'Kind', 'Points', 'Amount', 'Balance', 'Store', 'Till', 'Business day', 'Receipt', 'Till time', 'Recorded (cluster)', 'Reason', 'By'],
      shown.map(e => [e.seq, e.kind, format.number(e.points, 0), e.amount ? format.money(e.amount, currency) : '', format.number(e.balanceAfter, 0), e.storeId, e.terminalId,
        e.businessDay ? format.date(e.businessDay) : '', e.receiptId, format.dateTime(e.occurredAt), format.dateTime(e.recordedAt), e.reason,
        e.operatorId ? e.operatorId + (e.approvedBy ? ', approved by ' + e.approvedBy : '') : ''])));
    document.getElementById('older').disabled = entries.length <= pageSize;
    document.getElementById('older').dataset.before = shown.length ? shown[shown.length - 1].seq : '';
    document.getElementById('newer').disabled = pages.length <= 1;
    document.getElementById('page-info').textContent = shown.length ? `Page ${pages.length}: entries ${shown[0].seq} to ${shown[shown.length - 1].seq}, newest first` : '';
  } catch (error) { showError(target, error); }
}

function firstPage() { pages = [null]; loadLedger(null); }
document.getElementById('older').addEventListener('click', () => { const before = Number(document.getElementById('older').dataset.before); pages.push(before); loadLedger(before); });
document.getElementById('newer').addEventListener('click', () => { pages.pop(); loadLedger(pages[pages.length - 1]); });
document.getElementById('ledger-filters').addEventListener('submit', e => { e.preventDefault(); firstPage(); });

// The customer's own changes and those made to any of their cards (the audit names the card as the target of those).
async function loadAudit() {
  const target = document.getElementById('audit');
  try {
    const lists = await Promise.all([id, ...cardIds].map(t => api('/api/audit?take=50&target=' + encodeURIComponent(t))));
    const rows = lists.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, 50);
    target.replaceChildren(rows.length === 0 ? el('p', 'No back-office changes.', { class: 'muted' })
      : table(['When', 'Who', 'What', 'On', 'Detail', 'Outcome'], rows.map(a => [format.when(a.at), a.actor, a.action, a.target, a.detail ?? '', a.outcome])));
  } catch (error) { showError(target, error); }
}

// A card action: the API's refusal (a card that is not new, a reason missing) is shown beside the cards.
async function cardAction(form, action, body) {
  const out = document.getElementById('card-result');
  try {
    await post('/api/cards/' + encodeURIComponent(form.card.value) + '/' + action, body);
    out.className = ''; out.textContent = action === 'block' ? `Card ${form.card.value} blocked.` : `Card ${form.card.value} replaced by ${body.newCardId}.`;
    form.reset();
    await Promise.all([loadCustomer(), loadAudit()]);
  } catch (error) { out.className = 'error'; out.textContent = error.message; }
}
document.getElementById('block').addEventListener('submit', e => { e.preventDefault(); cardAction(e.target, 'block', { reason: e.target.reason.value }); });
document.getElementById('replace').addEventListener('submit', e => { e.preventDefault(); cardAction(e.target, 'replace', { newCardId: e.target.newCardId.value.trim() }); });

document.getElementById('adjust').addEventListener('submit', async e => {
  e.preventDefault();
  const f = new FormData(e.target);
  const out = document.getElementById('adjust-result');
  try {
    const r = await post(path + '/adjustments', { reference: f.get('reference'), points: Number(f.get('points')), reason: f.get('reason') });
    out.className = '';
    if (r.status === 'Pending') { out.textContent = `Waiting for a second operator's approval (${r.id}): nothing moves until another admin or approver accepts it.`; return; }
    out.textContent = 'Done: balance ' + format.points(r.balance) + '.';
    loadCustomer(); firstPage(); loadAudit();
  } catch (error) { out.textContent = error.message; out.className = 'error'; }
});

document.getElementById('erase').addEventListener('click', async () => {
  const out = document.getElementById('erase-result');
  if (!confirm('Erase this customer\'s name, e-mail, phone, birthday and consent? Ledger amounts stay for accounting. This cannot be undone.')) return;
  try { await post(path + '/erase'); out.className = ''; out.textContent = 'Personal data erased.'; loadCustomer(); loadAudit(); }
  catch (error) { out.className = 'error'; out.textContent = error.message; }
});

whoAmI.then(me => {
  isAdmin = me?.role === 'Admin';
  document.getElementById('adjust-section').hidden = !isAdmin;
  document.getElementById('erase-section').hidden = !isAdmin;
  loadCustomer().then(() => { firstPage(); loadAudit(); });
});
