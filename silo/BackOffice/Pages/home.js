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

// One tile: the figure, the one before it and the change, in words as well as an arrow; beneath, its trend (drawn by `trend`).
function tile(key, title, figure, before, show, trend) {
  const box = el('section', null, { class: 'tile', 'aria-label': title });
  box.append(el('h2', title), el('p', show(figure.current), { class: 'figure', 'data-figure': key }));
  if (figure.previous !== null && figure.current !== null) {
    const change = figure.current - figure.previous;
    const word = change > 0 ? '▲ up' : change < 0 ? '▼ down' : 'unchanged';
    box.append(el('p', `${word}${change ? ' ' + show(Math.abs(change)) : ''} on ${before} (${show(figure.previous)})`, { class: 'trend muted' }));
  }
  if (trend) {
    const chart = el('div', null, { 'data-trend': key });
    box.append(chart);
    trend(chart, `${title}: trend`, show);
  }
  return box;
}

// Daily values of one field for this month and last, by day of month (days after today and after last month's end: none).
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

// Running totals of a series (null stays null: a day not yet come).
function cumulative(values) {
  let total = 0;
  return values.map(v => v === null ? null : (total += v));
}

// The trend of a month's figure: this month's days against last month's, as daily values or as running totals.
function monthTrend(days, field, today, { running = false, combine } = {}) {
  return (target, title, show) => {
    const s = byDayOfMonth(days, field, today);
    let [current, previous] = [s.current, s.previous];
    if (combine) [current, previous] = [combine(s.thisMonth), combine(s.previousMonth)];
    else if (running) [current, previous] = [cumulative(current), cumulative(previous)];
    charts.spark(target, title, s.labels.map(d => `Day ${d}`),
      [{ label: format.month(s.thisMonth), values: current }, { label: format.month(s.previousMonth), values: previous, dashed: true }], { format: show });
  };
}

// The trend of a figure known only now and for the period before: two bars.
function twoPeriods(figure, before, now) {
  return (target, title, show) => charts.spark(target, title, [before, now], [{ label: 'Value', values: [figure.previous, figure.current] }], { format: show, bars: true });
}

async function load() {
  const figures = document.getElementById('figures');
  try {
    const g = await api('/api/glance');
    const money = v => format.money(v, g.currency);
    const count = v => format.number(v, 0);
    document.getElementById('as-of').textContent = `Today is ${format.date(g.today)}. Days are counted in UTC; each figure is compared with the period before.`;
    const days = g.days, today = g.today;
    // The redemption rate day by day: points redeemed so far this month over points issued so far, as the figure is counted.
    const rateSoFar = month => {
      const s = byDayOfMonth(days, 'pointsIssued', today), r = byDayOfMonth(days, 'pointsRedeemed', today);
      const [issued, redeemed] = month === s.thisMonth ? [s.current, r.current] : [s.previous, r.previous];
      const [i, d] = [cumulative(issued), cumulative(redeemed)];
      return i.map((v, k) => v === null ? null : v === 0 ? 0 : Math.round(10000 * d[k] / v) / 100);
    };
    figures.replaceChildren(
      tile('purchasesToday', 'Purchases with a card today', g.purchasesToday, 'yesterday', count, monthTrend(days, 'purchases', today)),
      tile('purchasesThisMonth', 'Purchases with a card this month', g.purchasesThisMonth, 'last month', count, monthTrend(days, 'purchases', today, { running: true })),
      tile('pointsIssued', 'Points issued this month', g.pointsIssued, 'last month', count, monthTrend(days, 'pointsIssued', today, { running: true })),
      tile('pointsRedeemed', 'Points redeemed this month', g.pointsRedeemed, 'last month', count, monthTrend(days, 'pointsRedeemed', today, { running: true })),
      tile('redemptionRate', 'Redemption rate this month', g.redemptionRate, 'last month', v => format.percent(v), monthTrend(days, 'pointsIssued', today, { combine: rateSoFar })),
      tile('newMembers', 'New members this month', g.newMembers, 'last month', count, monthTrend(days, 'newMembers', today, { running: true })),
      tile('activeMembers30Days', 'Active members, 30 days', g.activeMembers30Days, 'the 30 days before', count, twoPeriods(g.activeMembers30Days, 'The 30 days before', 'The last 30 days')),
      tile('activeMembers90Days', 'Active members, 90 days', g.activeMembers90Days, 'the 90 days before', count, twoPeriods(g.activeMembers90Days, 'The 90 days before', 'The last 90 days')),
      tile('liabilityValue', 'Points liability', g.liabilityValue, 'the end of last month', money, twoPeriods(g.liabilityValue, 'End of last month', 'Now')),
      tile('liabilityPoints', 'Outstanding points', g.liabilityPoints, 'the end of last month', count, twoPeriods(g.liabilityPoints, 'End of last month', 'Now')));

    // What waits for someone, with the trend the rows' times give: dead letters open at each day's end, webhook events given up on each day.
    const work = g.workDays;
    const atEndOfYesterday = work.length > 1 ? work[work.length - 2].openDeadLetters : null;
    const waiting = (key, title, value, [href, page], trend, previous = null, before = 'yesterday') => {
      const box = tile(key, title, { current: value, previous }, before, count, trend);
      box.append(el('a', page, { href }));
      return box;
    };
    const attention = el('section', null, { class: 'attention', 'aria-label': 'Waiting for someone' });
    const tiles = el('div', null, { class: 'tiles' });
    tiles.append(
      waiting('openDeadLetters', 'Open dead letters from tills', g.openDeadLetters, ['/backoffice/deadletters.html', 'Go to dead letters'],
        monthTrend(work, 'openDeadLetters', today), atEndOfYesterday, 'the end of yesterday'),
      waiting('webhookDeadLetters', 'Webhook events given up on', g.webhookDeadLetters, ['/backoffice/webhooks.html', 'Go to webhooks'],
        monthTrend(work, 'webhookEventsGivenUp', today)),
      waiting('failingWebhooks', 'Webhook subscriptions failing now', g.failingWebhooks, ['/backoffice/webhooks.html', 'Go to webhook subscriptions'], null));
    attention.append(el('h2', 'Waiting for someone'), tiles);
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
