// One network: its ID, settings and rules. Edits stay in the forms until saved; a refresh never
// overwrites a form with unsaved changes, and a failed save keeps them, with the error beside the
// field the controller named.

import { api, capitalize } from './api.js';
import { $, el, show, copyText } from './ui.js';
import { deleteNetwork } from './networks.js';

/** Private ranges offered by "Pick a range", as ZeroTier's own controller pages offer them. */
const RANGES = [
  '10.147.17.0/24', '10.147.18.0/24', '10.147.19.0/24', '10.147.20.0/24',
  '10.144.0.0/16', '10.241.0.0/16', '10.242.0.0/16', '10.243.0.0/16', '10.244.0.0/16',
  '172.22.0.0/16', '172.23.0.0/16', '172.24.0.0/16', '172.25.0.0/16', '172.26.0.0/16',
  '172.27.0.0/16', '172.28.0.0/16', '172.29.0.0/16', '172.30.0.0/16',
  '192.168.191.0/24', '192.168.192.0/24', '192.168.193.0/24', '192.168.194.0/24',
  '192.168.195.0/24', '192.168.196.0/24',
];

let current = null;
let settingsDirty = false;
let rulesDirty = false;

export function currentNetwork() {
  return current;
}

export async function loadNetwork(nwid) {
  const network = await api('GET', `/controller/network/${nwid}`);
  const switched = !current || current.id !== network.id;
  current = network;
  if (switched) {
    settingsDirty = false;
    rulesDirty = false;
    clearErrors($('settings-form'));
    clearRulesError();
    show($('network-error'), '');
    $('settings-status').textContent = '';
    $('rules-status').textContent = '';
  }
  $('network-title').textContent = network.name || 'Unnamed network';
  $('network-id-text').textContent = network.id;
  $('join-hint').textContent = `zerotier-cli join ${network.id}`;
  document.title = `${network.name || network.id} · Orbital`;
  if (!settingsDirty) {
    fillSettings(network);
  } else {
    markStatus('settings-status', 'Unsaved changes (the network changed elsewhere meanwhile)', 'dirty');
  }
  if (!rulesDirty) {
    fillRules(network.rules);
  }
}

export function forgetNetwork() {
  current = null;
}

// ---- settings ------------------------------------------------------------------------------

function fillSettings(n) {
  $('s-name').value = n.name || '';
  $(n.private ? 's-private' : 's-public').checked = true;
  $('s-v4zt').checked = !!(n.v4AssignMode && n.v4AssignMode.zt);
  const v6 = n.v6AssignMode || {};
  $('s-v6zt').checked = !!v6.zt;
  $('s-rfc4193').checked = !!v6.rfc4193;
  $('s-6plane').checked = !!v6['6plane'];
  $('pools').replaceChildren(...(n.ipAssignmentPools || []).map((p, i) => poolRow(i, p.ipRangeStart, p.ipRangeEnd)));
  $('routes').replaceChildren(...(n.routes || []).map((r, i) => routeRow(i, r.target, r.via)));
  const dns = Array.isArray(n.dns) ? null : n.dns;
  $('s-dns-domain').value = dns ? dns.domain || '' : '';
  $('s-dns-servers').value = dns ? (dns.servers || []).join(', ') : '';
  $('s-mtu').value = n.mtu;
  $('s-mcast').value = n.multicastLimit;
  $('s-broadcast').checked = !!n.enableBroadcast;
  $('s-pick').value = '';
}

function poolRow(i, start = '', end = '') {
  return el('div', { class: 'row pool' },
    el('div', {}, el('input', { 'aria-label': `Pool ${i + 1} first address`, placeholder: 'First address', value: start, dataset: { field: `ipAssignmentPools[${i}].ipRangeStart` }, class: 'pool-start' })),
    el('span', { class: 'sep' }, '–'),
    el('div', {}, el('input', { 'aria-label': `Pool ${i + 1} last address`, placeholder: 'Last address', value: end, dataset: { field: `ipAssignmentPools[${i}].ipRangeEnd` }, class: 'pool-end' })),
    el('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `Remove pool ${i + 1}`, onclick: (e) => removeRow(e, 'pools', poolRow) }, 'Remove'));
}

function routeRow(i, target = '', via = '') {
  return el('div', { class: 'row route' },
    el('div', {}, el('input', { 'aria-label': `Route ${i + 1} target`, placeholder: 'Target, e.g. 10.147.20.0/24', value: target, dataset: { field: `routes[${i}].target` }, class: 'route-target' })),
    el('span', { class: 'sep' }, 'via'),
    el('div', {}, el('input', { 'aria-label': `Route ${i + 1} gateway`, placeholder: '(this network)', value: via || '', dataset: { field: `routes[${i}].via` }, class: 'route-via' })),
    el('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `Remove route ${i + 1}`, onclick: (e) => removeRow(e, 'routes', routeRow) }, 'Remove'));
}

/** Removes a row and renumbers the others, so their data-field paths match what is sent. */
function removeRow(event, containerId, make) {
  event.target.closest('.row').remove();
  const values = readRows(containerId);
  $(containerId).replaceChildren(...values.map(([a, b], i) => make(i, a, b)));
  setSettingsDirty();
}

function readRows(containerId) {
  return [...$(containerId).querySelectorAll('.row')].map((r) => [...r.querySelectorAll('input')].map((i) => i.value.trim()));
}

function cidrRange(cidr) {
  const [ip, bits] = cidr.split('/');
  const n = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits));
  const text = (v) => [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');
  return [text(n + 1), text(n + size - 2)];
}

function pickRange(cidr) {
  const [first, last] = cidrRange(cidr);
  $('pools').replaceChildren(poolRow(0, first, last));
  const kept = readRows('routes').filter(([target]) => target && !RANGES.includes(target));
  const routes = [[cidr, ''], ...kept];
  $('routes').replaceChildren(...routes.map(([t, v], i) => routeRow(i, t, v)));
  $('s-v4zt').checked = true;
  setSettingsDirty();
}

/** A number when the text is one, else the text itself, so the controller names the field. */
function numberOrText(text) {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

function settingsBody() {
  const servers = $('s-dns-servers').value.split(/[\s,]+/).filter(Boolean);
  const domain = $('s-dns-domain').value.trim();
  return {
    name: $('s-name').value,
    private: $('s-private').checked,
    v4AssignMode: { zt: $('s-v4zt').checked },
    v6AssignMode: { zt: $('s-v6zt').checked, rfc4193: $('s-rfc4193').checked, '6plane': $('s-6plane').checked },
    ipAssignmentPools: readRows('pools').map(([ipRangeStart, ipRangeEnd]) => ({ ipRangeStart, ipRangeEnd })),
    routes: readRows('routes').map(([target, via]) => ({ target, via: via || null })),
    dns: domain || servers.length ? { domain, servers } : [],
    mtu: numberOrText($('s-mtu').value),
    multicastLimit: numberOrText($('s-mcast').value),
    enableBroadcast: $('s-broadcast').checked,
  };
}

function setSettingsDirty() {
  settingsDirty = true;
  markStatus('settings-status', 'Unsaved changes', 'dirty');
}

function markStatus(id, text, kind) {
  const node = $(id);
  node.textContent = text;
  node.className = `status ${kind || ''}`;
}

async function saveSettings(e) {
  e.preventDefault();
  const form = $('settings-form');
  clearErrors(form);
  const button = $('settings-save');
  button.disabled = true;
  markStatus('settings-status', 'Saving…');
  try {
    const saved = await api('POST', `/controller/network/${current.id}`, settingsBody());
    settingsDirty = false;
    current = saved;
    $('network-title').textContent = saved.name || 'Unnamed network';
    fillSettings(saved);
    markStatus('settings-status', 'Saved', 'ok');
  } catch (err) {
    markStatus('settings-status', 'Not saved', 'dirty');
    showFieldError(form, err, $('settings-error'));
  } finally {
    button.disabled = false;
  }
}

// ---- field errors ----------------------------------------------------------------------------

function clearErrors(form) {
  form.querySelectorAll('.field-error.inline').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  show(form.querySelector('.form-error'), '');
}

/** The element whose data-field is the error's field or the nearest enclosing path. */
function fieldElement(form, field) {
  let path = field;
  while (path) {
    const found = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (found) {
      return found;
    }
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    path = cut > 0 ? path.slice(0, cut) : '';
  }
  return null;
}

function showFieldError(form, err, fallback) {
  const target = err.field ? fieldElement(form, err.field) : null;
  if (!target) {
    show(fallback, err.field ? `${err.field}: ${err.message}` : err.message);
    return;
  }
  const id = `err-${Math.random().toString(36).slice(2)}`;
  const message = el('p', { class: 'field-error inline', id, role: 'alert' }, err.message);
  if (target.tagName === 'FIELDSET') {
    target.append(message);
  } else {
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-describedby', id);
    const holder = target.closest('.row > div');
    if (holder) {
      holder.append(message);
    } else {
      (target.closest('label.choice') || target).after(message);
    }
    target.focus();
  }
}

// ---- rules ---------------------------------------------------------------------------------

function fillRules(rules) {
  $('rules').value = JSON.stringify(rules || [], null, 2);
  updateGutter([]);
}

function updateGutter(badLines) {
  const lines = $('rules').value.split('\n').length;
  const gutter = $('rules-gutter');
  gutter.replaceChildren(...Array.from({ length: lines }, (_, i) =>
    el('span', { class: badLines.includes(i + 1) ? 'bad' : null }, `${i + 1}\n`)));
  gutter.scrollTop = $('rules').scrollTop;
}

function clearRulesError() {
  show($('rules-error'), '');
  $('rules').removeAttribute('aria-invalid');
  updateGutter([]);
}

function lineOf(text, offset) {
  return text.slice(0, offset).split('\n').length;
}

function rulesError(message, from, to) {
  const area = $('rules');
  const text = area.value;
  show($('rules-error'), message);
  area.setAttribute('aria-invalid', 'true');
  if (from !== undefined) {
    const first = lineOf(text, from);
    const last = lineOf(text, to ?? from);
    updateGutter(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    area.focus();
    area.setSelectionRange(from, to ?? from);
  }
}

/**
 * Where and why text is not JSON: {offset, message}. Browsers' JSON.parse messages differ and do
 * not always say where, so this small recursive-descent check finds the spot itself.
 */
function syntaxError(text) {
  let i = 0;
  const found = () => (i >= text.length ? 'the end of the text' : `'${text[i]}'`);
  const fail = (message) => { throw { offset: i, message }; };
  const space = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('a string is not closed on its line');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('a string is not closed');
    i++;
  };
  const number = () => {
    const match = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = i;
    if (!match.exec(text)) fail(`expected a number, found ${found()}`);
    i = match.lastIndex;
  };
  const value = () => {
    space();
    const c = text[i];
    if (c === '{') return members('}', true);
    if (c === '[') return members(']', false);
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) { i += word.length; return undefined; }
    }
    if (c === ']' || c === '}') fail(`a value is missing before '${c}' (a comma too many?)`);
    return fail(`expected a value, found ${found()}`);
  };
  const members = (close, keyed) => {
    i++;
    space();
    if (text[i] === close) { i++; return; }
    for (;;) {
      if (keyed) {
        space();
        if (text[i] !== '"') fail(`expected a "quoted" key, found ${found()}`);
        string();
        space();
        if (text[i] !== ':') fail(`expected ':' after the key, found ${found()}`);
        i++;
      }
      value();
      space();
      if (text[i] === ',') { i++; continue; }
      if (text[i] === close) { i++; return; }
      fail(`expected ',' or '${close}', found ${found()}`);
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail(`unexpected ${found()} after the end of the JSON`);
  } catch (e) {
    if (e && typeof e.offset === 'number') {
      const line = lineOf(text, e.offset);
      const column = e.offset - text.lastIndexOf('\n', e.offset - 1);
      return { offset: e.offset, message: `Line ${line}, column ${column}: ${e.message}` };
    }
    throw e;
  }
  return null;
}

/** Offsets [start, end) of each element of the top-level JSON array in text. */
function elementSpans(text) {
  const spans = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let last = -1;
  const close = () => {
    if (start >= 0) spans.push([start, last + 1]);
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      last = i;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && (c === ',' || c === ']')) {
      close();
      if (c === ']') depth = 0;
      continue;
    }
    if (depth === 1 && start < 0) start = i;
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    last = i;
  }
  return spans;
}

async function saveRules(e) {
  e.preventDefault();
  clearRulesError();
  const text = $('rules').value;
  let rules;
  try {
    rules = JSON.parse(text);
  } catch (err) {
    const where = syntaxError(text);
    if (where) {
      rulesError(`Not valid JSON. ${where.message}`, where.offset);
    } else {
      rulesError(`Not valid JSON: ${err.message}`);
    }
    markStatus('rules-status', 'Not saved', 'dirty');
    return;
  }
  if (!Array.isArray(rules)) {
    rulesError('The rules must be a JSON array of rule objects, e.g. [{"type": "ACTION_ACCEPT"}].', 0, text.length);
    markStatus('rules-status', 'Not saved', 'dirty');
    return;
  }
  const button = $('rules-save');
  button.disabled = true;
  markStatus('rules-status', 'Saving…');
  try {
    const saved = await api('POST', `/controller/network/${current.id}`, { rules });
    current = saved;
    rulesDirty = false;
    fillRules(saved.rules);
    markStatus('rules-status', 'Saved', 'ok');
  } catch (err) {
    markStatus('rules-status', 'Not saved', 'dirty');
    const index = err.field ? /^rules\[(\d+)\](?:\.?(.*))?$/.exec(err.field) : null;
    if (index) {
      const span = elementSpans(text)[Number(index[1])];
      const where = span ? ` (line ${lineOf(text, span[0])})` : '';
      const key = index[2] ? `${index[2]}: ` : '';
      rulesError(`Rule ${Number(index[1]) + 1}${where}: ${key}${err.reason ? capitalize(err.reason) : err.message}`,
        span ? span[0] : undefined, span ? span[1] : undefined);
    } else {
      rulesError(err.field ? `${err.field}: ${err.message}` : err.message);
    }
  } finally {
    button.disabled = false;
  }
}

// ---- wiring --------------------------------------------------------------------------------

export function initNetwork() {
  const select = $('s-pick');
  for (const cidr of RANGES) {
    const [first, last] = cidrRange(cidr);
    select.append(el('option', { value: cidr }, `${cidr}  (${first} – ${last})`));
  }
  select.addEventListener('change', () => { if (select.value) pickRange(select.value); });
  const form = $('settings-form');
  form.addEventListener('input', (e) => { if (e.target !== select) setSettingsDirty(); });
  form.addEventListener('submit', saveSettings);
  $('add-pool').addEventListener('click', () => {
    $('pools').append(poolRow($('pools').children.length));
    setSettingsDirty();
    $('pools').lastElementChild.querySelector('input').focus();
  });
  $('add-route').addEventListener('click', () => {
    $('routes').append(routeRow($('routes').children.length));
    setSettingsDirty();
    $('routes').lastElementChild.querySelector('input').focus();
  });
  $('settings-reset').addEventListener('click', () => {
    settingsDirty = false;
    clearErrors(form);
    fillSettings(current);
    markStatus('settings-status', '');
  });

  const rules = $('rules');
  rules.addEventListener('input', () => {
    rulesDirty = true;
    markStatus('rules-status', 'Unsaved changes', 'dirty');
    updateGutter([]);
  });
  rules.addEventListener('scroll', () => { $('rules-gutter').scrollTop = rules.scrollTop; });
  $('rules-form').addEventListener('submit', saveRules);
  $('rules-reset').addEventListener('click', () => {
    rulesDirty = false;
    clearRulesError();
    fillRules(current.rules);
    markStatus('rules-status', '');
  });

  $('network-id').addEventListener('click', async () => {
    const done = await copyText(current.id);
    const status = $('copy-status');
    status.textContent = done ? 'Copied to the clipboard' : 'Copy failed: select the ID and copy it by hand';
    setTimeout(() => { status.textContent = ''; }, 2500);
  });
  $('delete-network').addEventListener('click', () => {
    deleteNetwork(current, () => { location.hash = '#/networks'; });
  });
}

