// Shared by the back-office pages: the navigation bar for the operator's role, calls to the API (the session cookie travels with them), and safe text output.
'use strict';

// The links each role may use; the API enforces the same rules, the bar only leaves out what would be refused.
const links = [
  ['/backoffice/', 'Home'],
  ['/backoffice/campaigns.html', 'Campaigns'],
  ['/backoffice/import.html', 'Import', ['Admin']],
  ['/backoffice/program.html', 'Program'],
  ['/backoffice/analytics.html', 'Retention'],
  ['/backoffice/liability.html', 'Liability'],
  ['/backoffice/dormant.html', 'Dormant & win-back'],
  ['/backoffice/uplift.html', 'Uplift'],
  ['/backoffice/approvals.html', 'Approvals', ['Admin', 'Approver']],
  ['/backoffice/deadletters.html', 'Dead letters'],
  ['/backoffice/debts.html', 'Debts'],
  ['/backoffice/webhooks.html', 'Webhooks'],
  ['/backoffice/terminals.html', 'Terminals', ['Admin']],
  ['/backoffice/operators.html', 'Operators', ['Admin']],
  ['/dashboard/', 'Orleans Dashboard'],
  ['/openapi/v1.json', 'OpenAPI'],
];

// Resolves to the logged-in operator ({ operator, role: 'Admin' | 'Approver' | 'Analyst', bootstrap, expiresAt }) once the bar is drawn.
async function nav() {
  const bar = document.createElement('nav');
  bar.setAttribute('aria-label', 'Back office');
  document.body.prepend(bar);
  const me = await api('/api/sessions/current');
  links.filter(([, , roles]) => !roles || roles.includes(me.role)).forEach(([href, text]) => bar.append(el('a', text, { href })));
  const logout = el('form', null, { method: 'post', action: '/backoffice/logout' });
  logout.append(el('span', `${me.operator} (${me.role.toLowerCase()})`, { class: 'who' }), ' ', el('button', 'Log out', { type: 'submit' }));
  bar.append(logout);
  return me;
}

async function api(path, options = {}) {
  return (await request(path, options)).body;
}

// A page of a list whose answer names the next page in a header (the dormant list): its rows, and the header's value
// to pass as `after` for the next page (null on the last page).
async function apiPage(path, header) {
  const { response, body } = await request(path);
  return { rows: body, next: response.headers.get(header) };
}

async function request(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) { location.href = '/backoffice/login'; throw new Error('Not logged in.'); }
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && (body.detail || body.title) || response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return { response, body };
}

// A POST to the API, with body (when given) as JSON.
function post(path, body) {
  return api(path, body === undefined ? { method: 'POST' }
    : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

// A button that asks `question` before it runs `action`, then `done`; a refusal is shown in `errors`.
function confirmButton(label, question, action, errors, done) {
  const button = el('button', label);
  button.addEventListener('click', async () => {
    if (!confirm(question)) return;
    try { await action(); done(); }
    catch (error) { showError(errors, error); }
  });
  return button;
}

function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function table(headers, rows) {
  const t = el('table');
  const head = t.createTHead().insertRow();
  headers.forEach(h => head.appendChild(el('th', h)));
  const body = t.createTBody();
  rows.forEach(cells => {
    const tr = body.insertRow();
    cells.forEach(c => { const td = tr.insertCell(); if (c instanceof Node) td.appendChild(c); else td.textContent = c ?? ''; });
  });
  return t;
}

function showError(target, error) { target.replaceChildren(el('p', error.message, { class: 'error' })); }

// A number with the operator's separators and `digits` decimals (format.js).
function fmt(value, digits = 2) { return format.number(value, digits); }

// A table wider than its box scrolls inside it (app.css); such a table joins the Tab order so a keyboard can reach and
// scroll it, and leaves it again when it fits. Checked whenever the page's content or width changes.
function keyboardScrollers() {
  for (const t of document.querySelectorAll('main table')) {
    if (t.scrollWidth > t.clientWidth + 1) t.tabIndex = 0; else t.removeAttribute('tabindex');
  }
}
let scrollersQueued = false;
const queueScrollers = () => { if (!scrollersQueued) { scrollersQueued = true; requestAnimationFrame(() => { scrollersQueued = false; keyboardScrollers(); }); } };
new MutationObserver(queueScrollers).observe(document.body, { childList: true, subtree: true });
addEventListener('resize', queueScrollers);

const whoAmI = nav().catch(error => { console.error(error); return null; });
