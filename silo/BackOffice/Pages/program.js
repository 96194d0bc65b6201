// Program setup as forms (program.html): each section edits part of one draft of the program settings; the engine
// validates the whole draft on save or preview, and each problem it names is shown beside its field. Ranges are
// checked by the engine only, so the form can never disagree with it; the form checks only that a number is a number.
'use strict';

const couponKinds = ['FreeItem', 'FixedDiscount', 'PartnerOffer'];
const campaignKinds = ['CategoryMultiplier', 'SpendBonus', 'Gift'];
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const showTime = iso => iso ? dateTime.format(new Date(iso)) : '—';

// [path, label, kind, choices]; kinds: number, whole, text, optional-text, optional-number, choice, time, list.
const sections = [
  { title: 'Earning', fields: [
    ['currency', 'Currency (ISO code)', 'text'], ['pointsPerCurrencyUnit', 'Points per currency unit', 'number'],
    ['minimumSpend', 'Least spend that earns', 'number'], ['maximumPurchaseAmount', 'Largest purchase accepted', 'number'],
    ['redemptionValuePerPoint', 'Value of a point when redeemed', 'number'], ['discountPercent', 'Discount card: percent off', 'number']],
    map: { path: 'categoryMultipliers', title: 'Category multipliers', key: 'Category', value: 'Multiplier' } },
  { title: 'Tiers', fields: [['tierReviewMonths', 'Months between tier reviews', 'whole']],
    list: { path: 'tiers', item: 'Tier', key: 'name', blank: () => ({ name: '', minimumSpend: 0, earnMultiplier: 1 }),
      fields: [['name', 'Name', 'text'], ['minimumSpend', '12-month spend to reach it', 'number'], ['earnMultiplier', 'Earn multiplier', 'number']] } },
  { title: 'Stamp cards', list: { path: 'stampCards', item: 'Stamp card', key: 'id', blank: () => ({ id: '', name: '', sku: null, category: null, stampsNeeded: 6, reward: '' }),
    fields: [['id', 'Id', 'text'], ['name', 'Name', 'text'], ['sku', 'SKU', 'optional-text'], ['category', 'Category', 'optional-text'],
      ['stampsNeeded', 'Stamps for a reward', 'whole'], ['reward', 'Reward', 'text']] } },
  { title: 'Rewards', list: { path: 'rewards', item: 'Reward', key: 'id', blank: () => ({ id: '', name: '', pointsCost: 100, kind: 'FreeItem', value: 0 }),
    fields: [['id', 'Id', 'text'], ['name', 'Name', 'text'], ['pointsCost', 'Points cost', 'whole'], ['kind', 'Kind', 'choice', couponKinds], ['value', 'Value', 'number']] } },
  { title: 'Campaigns', list: { path: 'campaigns', item: 'Campaign', key: 'id',
    blank: () => ({ id: '', name: '', kind: 'SpendBonus', starts: new Date().toISOString(), ends: new Date(Date.now() + 7 * 864e5).toISOString(), category: null,
      multiplier: 1, threshold: 0, bonusPoints: 0, gift: null, pointsBudget: 0, giftStock: 0, minimumTier: null, holdoutPercent: 0 }),
    fields: [['id', 'Id', 'text'], ['name', 'Name', 'text'], ['kind', 'Kind', 'choice', campaignKinds], ['starts', 'Starts', 'time'], ['ends', 'Ends', 'time'],
      ['category', 'Category (multiplier campaigns)', 'optional-text'], ['multiplier', 'Multiplier', 'number'], ['threshold', 'Spend threshold', 'number'],
      ['bonusPoints', 'Bonus points', 'whole'], ['gift', 'Gift', 'optional-text'], ['pointsBudget', 'Points budget', 'whole'], ['giftStock', 'Gift stock', 'whole'],
      ['minimumTier', 'Lowest tier taking part', 'optional-text'], ['holdoutPercent', 'Holdout share (percent)', 'whole']] } },
  { title: 'Refer a friend', fields: [['referrerBonus', 'Points for the referrer', 'whole'], ['friendBonus', 'Points for the friend', 'whole'],
    ['referralMinimumPurchase', "Friend's first purchase at least", 'number']] },
  { title: 'Birthday', fields: [['birthdayBonus', 'Birthday points', 'whole']] },
  { title: 'Expiry, pending points and coupons', fields: [['pointsExpiryMonths', 'Points expire after months (0: never)', 'whole'],
    ['pendingDays', 'Days points stay pending', 'whole'], ['couponValidityDays', 'Days a coupon is valid', 'whole']] },
  { title: 'Limits and safeguards', fields: [['maxAccrualsPerCardPerHour', 'Purchases per card per hour (0: no limit)', 'whole'],
    ['maxPointsPerDay', 'Points per customer per day (0: no limit)', 'whole'], ['adjustmentApprovalThreshold', 'Adjustments above this need approval', 'whole'],
    ['maxTillClockSkewMinutes', 'Till clock may be off by minutes', 'whole'], ['offlineRedemptionDailyLimit', 'Offline redemption: points per day', 'whole'],
    ['offlineAllowanceHours', 'Offline allowance valid for hours', 'whole'], ['liabilityValuePerPoint', 'Book value of a point (empty: redemption value)', 'optional-number'],
    ['cardNumberRanges', 'Card-number prefixes (comma-separated)', 'list']] },
];

let saved = null;  // the version in force, as the API gave it
let draft = null;  // the settings the form shows
let versions = [];  // every version, oldest first
let gatherers = [];  // one per map section: gathers its rows back into the draft, false when a row is not a number
const idOf = path => 'f-' + path.replace(/[^A-Za-z0-9]+/g, '-');
const copy = value => JSON.parse(JSON.stringify(value));

// Paths as the engine writes them: tiers[1].earnMultiplier.
function tokens(path) { return path.split(/[.[\]]/).filter(t => t !== '').map(t => /^\d+$/.test(t) ? Number(t) : t); }
function getAt(object, path) { return tokens(path).reduce((o, t) => o == null ? undefined : o[t], object); }
function setAt(object, path, value) { const t = tokens(path); const last = t.pop(); t.reduce((o, k) => o[k], object)[last] = value; }

// ---- Inputs ----

function toLocalInput(iso) { const d = new Date(iso); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); }

// The value an input holds, or { error } when it is not one the settings can take at all.
function parse(kind, raw) {
  const text = raw.trim();
  switch (kind) {
    case 'number': case 'whole': case 'optional-number': {
      if (text === '') return kind === 'optional-number' ? null : { error: 'Enter a number.' };
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: 'Enter a number.' };
      if (kind === 'whole' && !Number.isInteger(n)) return { error: 'Enter a whole number.' };
      return n;
    }
    case 'optional-text': return text === '' ? null : raw;
    case 'time': return text === '' ? { error: 'Enter a date and time.' } : new Date(text).toISOString();
    case 'list': return text === '' ? [] : text.split(',').map(s => s.trim());
    default: return raw;
  }
}

function input(path, label, kind, choices) {
  const id = idOf(path);
  const value = getAt(draft, path);
  let control;
  if (kind === 'choice') {
    control = el('select', null, { id });
    choices.forEach(c => control.append(el('option', c, { value: c })));
    control.value = value;
  } else {
    control = el('input', null, { id, type: kind === 'time' ? 'datetime-local' : ['number', 'whole', 'optional-number'].includes(kind) ? 'number' : 'text' });
    if (control.type === 'number') control.step = 'any';
    control.value = value == null ? '' : kind === 'time' ? toLocalInput(value) : kind === 'list' ? value.join(', ') : String(value);
  }
  control.dataset.path = path;
  control.dataset.kind = kind;
  const problem = el('p', null, { id: id + '-problem', class: 'error problem' });
  control.setAttribute('aria-describedby', problem.id);
  control.addEventListener('change', () => take(control));
  const field = el('div', null, { class: 'field' });
  field.append(el('label', kind === 'time' ? `${label} (${timeZone})` : label, { for: id }), control, problem);
  return field;
}

// An input's value goes into the draft when it is one; otherwise the input says what to enter.
function take(control) {
  const current = getAt(draft, control.dataset.path);
  // A time shown to the minute keeps its seconds unless it was changed.
  if (control.dataset.kind === 'time' && current && control.value === toLocalInput(current)) { mark(control, null); return true; }
  const value = parse(control.dataset.kind, control.value);
  if (value && value.error) { mark(control, value.error); return false; }
  mark(control, null);
  setAt(draft, control.dataset.path, value);
  return true;
}

function mark(control, message) {
  document.getElementById(control.id + '-problem').textContent = message || '';
  if (message) control.setAttribute('aria-invalid', 'true'); else control.removeAttribute('aria-invalid');
}

// ---- Sections ----

function render() {
  gatherers = [];
  const host = document.getElementById('sections');
  host.replaceChildren(...sections.map((section, s) => {
    const box = el('fieldset', null, { class: 'section', id: 'section-' + s });
    box.append(el('legend', section.title));
    const fields = el('div', null, { class: 'fields' });
    (section.fields || []).forEach(f => fields.append(input(...f)));
    box.append(fields);
    if (section.map) box.append(mapRows(section.map));
    if (section.list) box.append(listRows(section.list));
    return box;
  }));
  document.getElementById('p-tier').replaceChildren(el('option', 'The tier this purchase reaches', { value: '' }),
    ...(draft.tiers || []).filter(t => t.name).map(t => el('option', t.name, { value: t.name })));
}

function listRows(list) {
  const box = el('div', null, { 'data-list': list.path });
  const items = getAt(draft, list.path) || [];
  items.forEach((item, i) => {
    const row = el('fieldset', null, { class: 'item', 'data-path': `${list.path}[${i}]` });
    row.append(el('legend', `${list.item} ${i + 1}${item[list.key] ? ': ' + item[list.key] : ''}`));
    const fields = el('div', null, { class: 'fields' });
    list.fields.forEach(([name, label, kind, choices]) => fields.append(input(`${list.path}[${i}].${name}`, label, kind, choices)));
    const remove = el('button', `Remove ${list.item.toLowerCase()} ${i + 1}`, { type: 'button' });
    remove.addEventListener('click', () => { gatherAll(); items.splice(i, 1); render(); });
    row.append(fields, remove, el('p', null, { class: 'error problem', id: idOf(`${list.path}[${i}]`) + '-problem' }));
    box.append(row);
  });
  const add = el('button', `Add ${list.item.toLowerCase()}`, { type: 'button' });
  add.addEventListener('click', () => { gatherAll(); setAt(draft, list.path, [...items, list.blank()]); render(); document.getElementById(idOf(`${list.path}[${items.length}].${list.fields[0][0]}`)).focus(); });
  box.append(add);
  return box;
}

// Category multipliers are a map: one row per category, gathered back into the map on every change.
function mapRows(map) {
  const box = el('fieldset', null, { class: 'item', 'data-path': map.path });
  box.append(el('legend', map.title));
  const rows = Object.entries(getAt(draft, map.path) || {});
  const gather = () => {
    const result = {};
    let ok = true;
    for (const row of box.querySelectorAll('.map-row')) {
      const [key, value] = row.querySelectorAll('input');
      const n = Number(value.value);
      if (key.value.trim() === '' && value.value.trim() === '') continue;
      if (value.value.trim() === '' || !Number.isFinite(n)) { mark(value, 'Enter a number.'); ok = false; continue; }
      mark(value, null);
      result[key.value] = n;
    }
    setAt(draft, map.path, result);
    return ok;
  };
  gatherers.push(gather);
  rows.forEach(([key, value], i) => {
    const row = el('div', null, { class: 'fields map-row' });
    [[`${map.path}-${i}-key`, map.key, key], [`${map.path}-${i}-value`, map.value, value]].forEach(([id, label, v]) => {
      const field = el('div', null, { class: 'field' });
      const control = el('input', null, { id: idOf(id), type: label === map.key ? 'text' : 'number', step: 'any', 'aria-describedby': idOf(id) + '-problem' });
      control.value = v;
      control.addEventListener('change', gather);
      field.append(el('label', `${label} ${i + 1}`, { for: control.id }), control, el('p', null, { class: 'error problem', id: idOf(id) + '-problem' }));
      row.append(field);
    });
    box.append(row);
  });
  const add = el('button', `Add ${map.key.toLowerCase()}`, { type: 'button' });
  add.addEventListener('click', () => { gather(); const m = getAt(draft, map.path); m[''] = 1; render(); });
  box.append(add, el('p', null, { class: 'error problem', id: idOf(map.path) + '-problem' }));
  return box;
}

// ---- The engine's problems, beside their fields ----

// tiers[1].name → tiers[1] → tiers → '' (none).
function enclosing(path) { const up = path.replace(/(\.[^.[\]]+|\[\d+\])$/, ''); return up === path ? '' : up; }

function clearProblems() {
  document.querySelectorAll('#program .problem').forEach(p => { p.textContent = ''; });
  document.querySelectorAll('#program [aria-invalid]').forEach(c => c.removeAttribute('aria-invalid'));
  document.getElementById('problems').replaceChildren();
}

// Each problem goes to its field; a path with no input of its own (a map, an entry) goes to the nearest enclosing box.
function showProblems(problems, detail) {
  clearProblems();
  const summary = el('ul');
  for (const { path, message } of problems) {
    let target = path;
    while (target && !document.getElementById(idOf(target) + '-problem')) target = enclosing(target);
    const item = el('li');
    if (target) {
      const at = document.getElementById(idOf(target) + '-problem');
      at.textContent = at.textContent ? `${at.textContent} ${message}` : message;
      const control = document.getElementById(idOf(target));
      if (control) control.setAttribute('aria-invalid', 'true');
      item.append(el('a', message, { href: '#' + (control ? control.id : at.id) }));
    } else {
      item.textContent = message;
    }
    summary.append(item);
  }
  const box = document.getElementById('problems');
  box.replaceChildren(el('p', problems.length ? 'The engine refused the program; nothing was saved:' : detail, { class: 'error' }));
  if (problems.length) box.append(summary);
}

// Calls the API and gives back { ok, body }: a refusal's body carries the problems (api() in app.js keeps only the message).
async function call(path, method, body) {
  const response = await fetch(path, { method, credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status === 401) { location.href = '/backoffice/login'; throw new Error('Not logged in.'); }
  const type = response.headers.get('content-type') || '';
  const answer = type.includes('json') ? await response.json() : { detail: await response.text() };
  return { ok: response.ok, status: response.status, body: answer };
}

// All inputs into the draft; false (and the inputs marked) when one holds no value the settings can take.
function gatherAll() { return [...[...document.querySelectorAll('#program [data-kind]')].map(take), ...gatherers.map(g => g())].every(Boolean); }

function refused(answer) {
  showProblems(answer.body.problems || [], `${answer.status}: ${answer.body.detail || answer.body.title || 'refused'}`);
  document.getElementById('problems').scrollIntoView({ block: 'start' });
}

async function save(settings) {
  const result = document.getElementById('result');
  result.textContent = '';
  const answer = await call('/api/program', 'PUT', settings);
  if (!answer.ok) { refused(answer); return; }
  clearProblems();
  result.textContent = `Saved: version ${answer.body.version}.`;
  await load();
}

// ---- Preview ----

async function preview() {
  const out = document.getElementById('preview-result');
  if (!gatherAll()) { out.replaceChildren(el('p', 'Fix the marked fields first.', { class: 'error' })); return; }
  const value = id => document.getElementById(id).value.trim();
  const purchase = { amount: Number(value('p-amount')) };
  if (value('p-tier')) purchase.tier = value('p-tier');
  if (value('p-at')) purchase.at = new Date(value('p-at')).toISOString();
  if (value('p-line-amount')) {
    purchase.lines = [{ amount: Number(value('p-line-amount')), quantity: Number(value('p-quantity') || '1') }];
    if (value('p-category')) purchase.lines[0].category = value('p-category');
    if (value('p-sku')) purchase.lines[0].sku = value('p-sku');
  }
  const answer = await call('/api/program/preview', 'POST', { settings: draft, purchase });
  if (!answer.ok) {
    if (answer.body.problems) refused(answer);
    out.replaceChildren(el('p', answer.body.detail || answer.body.title, { class: 'error' }));
    return;
  }
  clearProblems();
  const e = answer.body;
  if (e.declined) { out.replaceChildren(el('p', `Earns nothing: ${e.declined}`, { 'data-preview': 'declined' })); return; }
  const lines = [`${e.points} points from the earning rules` + (e.tier ? ` (tier ${e.tier}, ×${e.tierMultiplier})` : '')];
  e.campaigns.forEach(c => lines.push(c.gift ? `Gift from ${c.name}: ${c.gift}` : `${c.points} bonus points from ${c.name}`));
  Object.entries(e.stampsEarned).forEach(([card, stamps]) => lines.push(`${stamps} stamps on ${card}`));
  if (e.discountAmount) lines.push(`Discount at the till: ${new Intl.NumberFormat(undefined, { style: 'currency', currency: e.currency }).format(e.discountAmount)}`);
  if (e.pendingUntil) lines.push(`Spendable from ${showTime(e.pendingUntil)}`);
  const list = el('ul');
  lines.forEach(l => list.append(el('li', l)));
  out.replaceChildren(el('p', `In all: ${e.totalPoints} points`, { class: 'total', 'data-preview': 'total' }), list);
}

// ---- History and differences ----

// Settings as readable field → text, lists keyed by their entries' names so a removed tier does not shift the rest.
function flatten(settings) {
  const out = new Map();
  for (const section of sections) {
    for (const [path, label, kind] of section.fields || []) out.set(label, display(settings[path], kind));
    if (section.map) Object.entries(settings[section.map.path] || {}).forEach(([k, v]) => out.set(`${section.map.title}: ${k}`, String(v)));
    if (section.list) {
      for (const item of settings[section.list.path] || []) {
        out.set(`${section.list.item} “${item[section.list.key]}”`, 'in the program');
        for (const [name, label, kind] of section.list.fields) {
          if (name !== section.list.key) out.set(`${section.list.item} “${item[section.list.key]}”: ${label.toLowerCase()}`, display(item[name], kind));
        }
      }
    }
  }
  return out;
}

function display(value, kind) {
  if (value === null || value === undefined) return '—';
  if (kind === 'time') return showTime(value);
  if (Array.isArray(value)) return value.join(', ') || '—';
  return String(value);
}

function renderHistory() {
  const newestFirst = [...versions].reverse();
  document.getElementById('history').replaceChildren(table(['Version', 'Saved by', 'When'],
    newestFirst.map(v => [String(v.version), v.updatedBy || '(defaults)', showTime(v.updatedAt)])));
  for (const [id, pick] of [['compare-from', 1], ['compare-to', 0]]) {
    const select = document.getElementById(id);
    select.replaceChildren(...newestFirst.map(v => el('option', `${v.version}${v.updatedAt ? ' — ' + showTime(v.updatedAt) : ''}`, { value: v.version })));
    select.value = String((newestFirst[pick] || newestFirst[0]).version);
  }
  compare();
}

function compare() {
  const pick = id => versions.find(v => String(v.version) === document.getElementById(id).value);
  const from = pick('compare-from'), to = pick('compare-to');
  const out = document.getElementById('diff');
  if (versions.length < 2) { out.replaceChildren(el('p', 'Only one version so far: nothing to compare.', { class: 'muted' })); return; }
  if (!from || !to || from === to) { out.replaceChildren(el('p', 'Choose two different versions to compare.', { class: 'muted' })); return; }
  const a = flatten(from.settings), b = flatten(to.settings);
  const rows = [...new Set([...a.keys(), ...b.keys()])].filter(k => a.get(k) !== b.get(k)).map(k => [k, a.get(k) ?? '—', b.get(k) ?? '—']);
  out.replaceChildren(rows.length === 0 ? el('p', 'These versions do not differ.')
    : table(['Field', `Version ${from.version}`, `Version ${to.version}`], rows));
}

// ---- Loading and wiring ----

async function load() {
  try {
    [saved, versions] = await Promise.all([api('/api/program'), api('/api/program/history')]);
    draft = copy(saved.settings);
    document.getElementById('version').textContent = `Version ${saved.version}` +
      (saved.updatedBy ? `, saved by ${saved.updatedBy} on ${showTime(saved.updatedAt)}` : ' (the defaults: never saved)');
    document.getElementById('settings').value = JSON.stringify(saved.settings, null, 2);
    render();
    renderHistory();
  } catch (error) { showError(document.getElementById('result'), error); }
}

document.getElementById('program').addEventListener('submit', async e => {
  e.preventDefault();
  if (!gatherAll()) { showProblems([], 'Some fields hold no value the program can take: see the marked fields. Nothing was saved.'); return; }
  await save(draft);
});
document.getElementById('reset-form').addEventListener('click', () => { draft = copy(saved.settings); clearProblems(); render(); });
document.getElementById('preview-form').addEventListener('submit', e => { e.preventDefault(); preview(); });
document.getElementById('compare').addEventListener('submit', e => { e.preventDefault(); compare(); });
document.getElementById('advanced').addEventListener('toggle', e => { if (e.target.open) document.getElementById('settings').value = JSON.stringify(draft, null, 2); });
function fromJson() {
  try { return JSON.parse(document.getElementById('settings').value); }
  catch (error) { showProblems([], 'Not valid JSON: ' + error.message); return null; }
}
document.getElementById('json-to-form').addEventListener('click', () => { const json = fromJson(); if (json) { draft = json; clearProblems(); render(); } });
document.getElementById('save').addEventListener('click', async () => { const json = fromJson(); if (json) { draft = json; render(); await save(json); } });
document.querySelector('label[for=p-at]').textContent = `When (${timeZone}; empty: now)`;
whoAmI.then(me => {
  if (me && me.role !== 'Admin') {
    document.getElementById('read-only').hidden = false;
    ['save-form', 'save'].forEach(id => { document.getElementById(id).disabled = true; });
  }
});
load();
