// The home page: a customer search, the program's figures against the period before, and this month's days against last month's.
'use strict';

document.getElementById('search').addEventListener('submit', async e => {
  e.preventDefault();
  const hits = document.getElementById('hits');
  try {
    const found = await api('/api/customers?q=' + encodeURIComponent(document.getElementById('q').value));
    if (found.length === 1) { location.href = '/backoffice/customer.html?id=' + encodeURIComponent(found[0].customerId); return; }
    hits.replaceChildren(found.length === 0 ? el('p', 'No customer found.') : table(['Customer', 'Name', 'E-mail', 'Phone', 'Matched by'],
      found.map(h => [el('a', h.customerId, { href: '/backoffice/customer.html?id=' + encodeURIComponent(h.customerId) }), h.displayName, h.email, h.phone, h.matchedBy])));
  } catch (error) { showError(hits, error); }
});

// One tile: the figure, the one before it and the change, in words as well as an arrow.
function tile(key, title, figure, before, show) {
  const box = el('section', null, { class: 'tile', 'aria-label': title });
  box.append(el('h2', title), el('p', show(figure.current), { class: 'figure', 'data-figure': key }));
  if (figure.previous !== null && figure.current !== null) {
    const change = figure.current - figure.previous;
    const word = change > 0 ? '▲ up' : change < 0 ? '▼ down' : 'unchanged';
    box.append(el('p', `${word}${change ? ' ' + show(Math.abs(change)) : ''} on ${before} (${show(figure.previous)})`, { class: 'trend muted' }));
  }
  return box;
}

// Daily values of one field for this month and last, by day of month, for the trend charts.
function byDayOfMonth(days, field, today) {
  const [year, month] = today.split('-').map(Number);
  const last = new Date(Date.UTC(year, month - 1, 0)).getUTCDate();
  const length = Math.max(last, Number(today.slice(8, 10)));
  const current = Array(length).fill(null), previous = Array(length).fill(null);
  const thisMonth = today.slice(0, 7);
  const previousMonth = new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
  for (let d = 0; d < length; d++) {
    if (d < Number(today.slice(8, 10))) current[d] = 0;
    if (d < last) previous[d] = 0;
  }
  for (const day of days) {
    const index = Number(day.day.slice(8, 10)) - 1;
    if (day.day.startsWith(thisMonth)) current[index] = day[field];
    else if (day.day.startsWith(previousMonth)) previous[index] = day[field];
  }
  return { labels: Array.from({ length }, (_, i) => String(i + 1)), current, previous, thisMonth, previousMonth };
}

async function load() {
  const figures = document.getElementById('figures');
  try {
    const g = await api('/api/glance');
    const money = v => format.money(v, g.currency);
    const count = v => format.number(v, 0);
    document.getElementById('as-of').textContent = `Today is ${format.date(g.today)}. Days are counted in UTC; each figure is compared with the period before.`;
    figures.replaceChildren(
      tile('purchasesToday', 'Purchases with a card today', g.purchasesToday, 'yesterday', count),
      tile('purchasesThisMonth', 'Purchases with a card this month', g.purchasesThisMonth, 'last month', count),
      tile('pointsIssued', 'Points issued this month', g.pointsIssued, 'last month', count),
      tile('pointsRedeemed', 'Points redeemed this month', g.pointsRedeemed, 'last month', count),
      tile('redemptionRate', 'Redemption rate this month', g.redemptionRate, 'last month', v => format.percent(v)),
      tile('newMembers', 'New members this month', g.newMembers, 'last month', count),
      tile('activeMembers30Days', 'Active members, 30 days', g.activeMembers30Days, 'the 30 days before', count),
      tile('activeMembers90Days', 'Active members, 90 days', g.activeMembers90Days, 'the 90 days before', count),
      tile('liabilityValue', 'Points liability', g.liabilityValue, 'the end of last month', money),
      tile('liabilityPoints', 'Outstanding points', g.liabilityPoints, 'the end of last month', count));
    const attention = el('section', null, { class: 'attention', 'aria-label': 'Waiting for someone' });
    attention.append(el('h2', 'Waiting for someone'));
    const list = el('ul');
    const item = (n, text, href) => { const li = el('li'); li.append(el('a', `${format.number(n, 0)} ${text}`, { href, 'data-figure': text.split(' ')[0] })); return li; };
    list.append(item(g.openDeadLetters, 'open dead letters from tills', '/backoffice/deadletters.html'),
      item(g.webhookDeadLetters, 'webhook events given up on', '/backoffice/webhooks.html'),
      item(g.failingWebhooks, 'webhook subscriptions failing now', '/backoffice/webhooks.html'));
    attention.append(list);
    document.getElementById('attention').replaceChildren(attention);

    for (const [target, field, title] of [['chart-purchases', 'purchases', 'Purchases with a card per day'],
      ['chart-points', 'pointsIssued', 'Points issued per day'], ['chart-members', 'newMembers', 'New members per day']]) {
      const s = byDayOfMonth(g.days, field, g.today);
      charts.line(document.getElementById(target), title, s.labels,
        [{ label: format.month(s.thisMonth), values: s.current }, { label: format.month(s.previousMonth), values: s.previous, dashed: true }]);
    }
  } catch (error) { showError(figures, error); }
}

whoAmI.then(load);
