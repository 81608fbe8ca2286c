// The members table of one network: authorize at once, edit names and addresses, filter, sort;
// join requests that wait for a decision come first.

import { api } from './api.js';
import { $, el, show, ago, confirmDialog, toast } from './ui.js';

/** A member seen within this long counts as online. */
const ONLINE_MS = 5 * 60 * 1000;

let nwid = null;
let members = [];
let sort = { key: 'address', dir: 1 };
let deferred = false;

export async function loadMembers(networkId) {
  if (networkId !== nwid) {
    nwid = networkId;
    members = [];
    $('member-filter').value = '';
    $('member-show').value = 'all';
  }
  const result = await api('GET', `/unstable/controller/network/${networkId}/member`);
  if (networkId !== nwid) {
    return;
  }
  members = result.data || [];
  render();
}

export function forgetMembers() {
  nwid = null;
  members = [];
}

// ---- presence: fields the store adds when it has seen the member ---------------------------

function toMillis(value) {
  if (typeof value === 'number') return value > 0 ? value : null;
  if (typeof value === 'string' && value) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function lastSeen(m) {
  return toMillis(m.lastOnline) ?? toMillis(m.lastSeen) ?? toMillis(m.lastSeenTime) ?? null;
}

function isOnline(m) {
  if (typeof m.online === 'boolean') return m.online;
  const seen = lastSeen(m);
  return seen !== null && Date.now() - seen < ONLINE_MS;
}

function physical(m) {
  const p = m.physicalAddress ?? m.physicalAddr ?? m.latestPhysicalAddress;
  return typeof p === 'string' && p ? p : null;
}

function version(m) {
  if (typeof m.clientVersion === 'string' && m.clientVersion) return m.clientVersion;
  return m.vMajor >= 0 ? `${m.vMajor}.${m.vMinor}.${m.vRev}` : null;
}

function isPending(m) {
  return !m.authorized && !m.lastDeauthorizedTime;
}

// ---- filter and sort ----------------------------------------------------------------------

function visible() {
  const words = $('member-filter').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const which = $('member-show').value;
  return members.filter((m) => {
    if (which === 'pending' && !isPending(m)) return false;
    if (which === 'authorized' && !m.authorized) return false;
    if (which === 'online' && !isOnline(m)) return false;
    const hay = [m.address, m.name, physical(m), ...(m.ipAssignments || [])].filter(Boolean).join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

const SORT_KEYS = {
  authorized: (m) => (m.authorized ? 1 : 0),
  address: (m) => m.address,
  ip: (m) => (m.ipAssignments && m.ipAssignments[0]) || '\uffff',
  seen: (m) => -(lastSeen(m) || 0),
  physical: (m) => physical(m) || '\uffff',
  version: (m) => version(m) || '\uffff',
};

function compare(a, b) {
  const pending = Number(isPending(b)) - Number(isPending(a));
  if (pending) return pending;
  const key = SORT_KEYS[sort.key];
  const x = key(a);
  const y = key(b);
  const c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
  return c * sort.dir || a.address.localeCompare(b.address);
}

// ---- render -------------------------------------------------------------------------------

function editing() {
  const active = document.activeElement;
  return active && active.closest('#members-body') && active.matches('input[type="text"], input:not([type])');
}

export function render() {
  if (editing()) {
    deferred = true; // re-rendering would throw away what is being typed; done on blur
    return;
  }
  deferred = false;
  const total = members.length;
  const authorized = members.filter((m) => m.authorized).length;
  const pending = members.filter(isPending).length;
  const online = members.filter(isOnline).length;
  $('member-counts').textContent = total
    ? `${total} total · ${authorized} authorized · ${online} online`
    : '';
  const banner = $('pending-banner');
  show(banner, pending
    ? `${pending} ${pending === 1 ? 'device is' : 'devices are'} asking to join. Tick “Authorized” to let ${pending === 1 ? 'it' : 'them'} in.`
    : '');
  for (const th of document.querySelectorAll('#members-table th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
  }
  const rows = visible().sort(compare);
  $('members-body').replaceChildren(...rows.map(row));
  $('members-empty').hidden = total > 0;
  $('members-table').hidden = total === 0;
  if (total > 0 && rows.length === 0) {
    $('members-body').append(el('tr', {}, el('td', { colspan: '7', class: 'empty' }, 'No member matches the filter.')));
  }
}

function row(m) {
  const seen = lastSeen(m);
  const online = isOnline(m);
  const error = el('div', { class: 'row-error', role: 'alert', hidden: true });
  const tr = el('tr', { dataset: { address: m.address }, class: isPending(m) ? 'pending' : null });
  tr.append(
    el('td', {},
      el('input', {
        type: 'checkbox',
        class: 'authorize',
        checked: !!m.authorized,
        'aria-label': `Authorize ${m.address}`,
        onchange: (e) => authorize(m, e.target, error),
      })),
    el('td', {},
      el('span', { class: 'member-addr' }, m.address),
      isPending(m) ? el('span', { class: 'badge pending' }, 'Pending') : '',
      !m.authorized && !isPending(m) ? el('span', { class: 'badge deauth' }, 'Deauthorized') : '',
      el('span', { class: 'member-name' }, nameInput(m, error)),
      error),
    el('td', { class: 'ips' }, ipsCell(m, error)),
    el('td', {},
      el('span', { class: online ? 'dot on' : 'dot' }), online ? 'Online' : 'Offline',
      el('span', { class: 'seen' }, seen ? `last seen ${ago(seen)}` : 'never seen',
        online && m.latency >= 0 ? ` · ${m.latency} ms` : '')),
    el('td', { class: 'mono' }, physical(m) || el('span', { class: 'muted' }, '—')),
    el('td', {}, version(m) || el('span', { class: 'muted' }, '—')),
    el('td', { class: 'row-actions' },
      el('button', { type: 'button', class: 'btn-link danger', onclick: () => remove(m) }, 'Remove')));
  return tr;
}

function fail(error, err) {
  show(error, err.message);
}

async function update(m, body, error) {
  show(error, '');
  const saved = await api('POST', `/controller/network/${nwid}/member/${m.address}`, body);
  members = members.map((x) => (x.address === saved.address ? { ...x, ...saved } : x));
  return saved;
}

async function authorize(m, box, error) {
  const want = box.checked;
  box.disabled = true;
  try {
    await update(m, { authorized: want }, error);
    toast(`${m.address} ${want ? 'authorized' : 'deauthorized'}`);
    render();
  } catch (err) {
    box.checked = !want;
    box.disabled = false;
    fail(error, err);
  }
}

function nameInput(m, error) {
  const input = el('input', {
    type: 'text',
    value: m.name || '',
    placeholder: 'Add a name',
    'aria-label': `Name of ${m.address}`,
    dataset: { field: 'name' },
  });
  const save = async () => {
    if (input.value === (m.name || '')) {
      if (deferred) render();
      return;
    }
    try {
      await update(m, { name: input.value }, error);
      input.removeAttribute('aria-invalid');
      if (deferred) render();
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      fail(error, err);
    }
  };
  input.addEventListener('change', save);
  input.addEventListener('blur', () => { if (deferred && input.value === (m.name || '')) render(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') input.blur();
    if (e.key === 'Escape') { input.value = m.name || ''; input.blur(); }
  });
  return input;
}

function ipsCell(m, error) {
  const cell = el('div', {});
  const list = () => {
    const ips = m.ipAssignments || [];
    cell.replaceChildren(
      ...(ips.length ? ips.map((ip) => el('span', { class: 'ip' }, ip)) : [el('span', { class: 'muted ip' }, 'none')]),
      el('button', { type: 'button', class: 'btn-link', 'aria-label': `Edit the addresses of ${m.address}`, onclick: edit }, 'Edit'));
  };
  const edit = () => {
    const input = el('input', {
      type: 'text',
      value: (m.ipAssignments || []).join(', '),
      placeholder: '10.147.20.5, fd00::5',
      'aria-label': `Addresses of ${m.address}`,
    });
    const ipError = el('p', { class: 'field-error', role: 'alert', hidden: true });
    const form = el('form', {
      class: 'ip-edit',
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const ipAssignments = input.value.split(/[\s,]+/).filter(Boolean);
        show(ipError, '');
        try {
          const saved = await update(m, { ipAssignments }, error);
          m = { ...m, ...saved };
          input.blur();
          render();
        } catch (err) {
          input.setAttribute('aria-invalid', 'true');
          const which = /^ipAssignments\[(\d+)\]$/.exec(err.field || '');
          show(ipError, which && ipAssignments[which[1]]
            ? `${ipAssignments[which[1]]}: ${err.message.charAt(0).toLowerCase()}${err.message.slice(1)}`
            : err.message);
          input.focus();
        }
      },
    },
    input,
    el('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Save'),
    el('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { list(); if (deferred) render(); } }, 'Cancel'),
    ipError);
    ipError.id = `ip-error-${m.address}`;
    input.setAttribute('aria-describedby', ipError.id);
    cell.replaceChildren(form);
    input.focus();
  };
  list();
  return cell;
}

async function remove(m) {
  const ok = await confirmDialog('Remove this member?',
    `${m.address}${m.name ? ` (${m.name})` : ''} will be removed from the network. If the device asks again it shows up as a new join request.`,
    'Remove member');
  if (!ok) return;
  try {
    await api('DELETE', `/controller/network/${nwid}/member/${m.address}`);
    members = members.filter((x) => x.address !== m.address);
    render();
    toast(`${m.address} removed`);
  } catch (err) {
    toast(`Could not remove ${m.address}: ${err.message}`);
  }
}

export function initMembers() {
  $('member-filter').addEventListener('input', render);
  $('member-show').addEventListener('change', render);
  for (const th of document.querySelectorAll('#members-table th[data-sort]')) {
    th.tabIndex = 0;
    const choose = () => {
      sort = { key: th.dataset.sort, dir: sort.key === th.dataset.sort ? -sort.dir : 1 };
      render();
    };
    th.addEventListener('click', choose);
    th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(); } });
  }
}
