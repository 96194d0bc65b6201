// Shared by the back-office pages: the navigation bar, calls to the API (the login cookie travels with them), and safe text output.
'use strict';

function nav() {
  const bar = document.createElement('nav');
  bar.innerHTML = '<a href="/backoffice/">Customers</a><a href="/backoffice/import.html">Import</a>' +
    '<a href="/backoffice/program.html">Program</a><a href="/backoffice/analytics.html">Retention</a><a href="/backoffice/dormant.html">Dormant &amp; win-back</a>' +
    '<a href="/backoffice/terminals.html">Terminals</a>' +
    '<a href="/dashboard/">Orleans Dashboard</a><a href="/openapi/v1.json">OpenAPI</a>' +
    '<form method="post" action="/backoffice/logout"><button type="submit">Log out</button></form>';
  document.body.prepend(bar);
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) { location.href = '/backoffice/login'; throw new Error('Not logged in.'); }
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && (body.detail || body.title) || response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
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

function fmt(value, digits = 2) { return value === null || value === undefined ? '—' : Number(value).toFixed(digits); }

nav();
