// The list of networks: member counts, create, rename, delete.

import { api } from './api.js';
import { $, el, show, confirmDialog, toast, formatDate } from './ui.js';

let renaming = null;

export async function loadNetworks() {
  if (renaming) {
    return; // a refresh would throw away the name being typed
  }
  const result = await api('GET', '/unstable/controller/network');
  if (renaming) {
    return; // renaming started while the list was on its way
  }
  render(result.data || []);
}

function render(networks) {
  const body = $('networks-body');
  networks.sort((a, b) => (a.name || '').localeCompare(b.name || '') || a.id.localeCompare(b.id));
  body.replaceChildren(...networks.map(row));
  $('networks-empty').hidden = networks.length > 0;
  $('networks-table').hidden = networks.length === 0;
}

function row(network) {
  const meta = network.meta || {};
  const total = meta.totalMemberCount ?? 0;
  const authorized = meta.authorizedMemberCount ?? 0;
  const open = () => { location.hash = `#/network/${network.id}`; };
  const nameCell = el('td', { class: 'name-cell' },
    el('a', { href: `#/network/${network.id}` }, network.name || el('span', { class: 'muted' }, 'Unnamed network')));
  const tr = el('tr', {
    dataset: { nwid: network.id },
    onclick: (e) => { if (!e.target.closest('button, input, a, form')) open(); },
  },
  nameCell,
  el('td', { class: 'mono' }, network.id),
  el('td', {}, `${total} ${total === 1 ? 'member' : 'members'}`,
    total > authorized ? el('span', { class: 'muted' }, ` · ${authorized} authorized`) : ''),
  el('td', { class: 'muted' }, formatDate(network.creationTime)),
  el('td', { class: 'row-actions' },
    el('button', { type: 'button', class: 'btn-link', onclick: () => startRename(network, nameCell) }, 'Rename'),
    el('button', { type: 'button', class: 'btn-link danger', onclick: () => deleteNetwork(network) }, 'Delete')));
  return tr;
}

function startRename(network, cell) {
  renaming = network.id;
  const input = el('input', { value: network.name || '', 'aria-label': `New name of ${network.id}`, maxlength: '127' });
  const error = el('p', { class: 'field-error', role: 'alert', hidden: true });
  const finish = () => { renaming = null; loadNetworks().catch((e) => toast(e.message)); };
  const form = el('form', {
    class: 'rename',
    novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        await api('POST', `/controller/network/${network.id}`, { name: input.value });
        toast('Network renamed');
        finish();
      } catch (err) {
        show(error, err.message);
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    },
  },
  input,
  el('button', { class: 'btn btn-primary btn-small', type: 'submit' }, 'Save'),
  el('button', { class: 'btn btn-ghost btn-small', type: 'button', onclick: finish }, 'Cancel'),
  error);
  input.addEventListener('keydown', (e) => { if (e.key === 'Escape') finish(); });
  cell.replaceChildren(form);
  input.focus();
  input.select();
}

export async function deleteNetwork(network, afterwards) {
  const label = network.name ? `“${network.name}” (${network.id})` : network.id;
  const ok = await confirmDialog('Delete this network?',
    `Network ${label} and all its members will be deleted. Devices on it lose access at once. This cannot be undone.`,
    'Delete network');
  if (!ok) {
    return;
  }
  try {
    await api('DELETE', `/controller/network/${network.id}`);
    toast('Network deleted');
    if (afterwards) {
      afterwards();
    } else {
      await loadNetworks();
    }
  } catch (err) {
    toast(`Could not delete the network: ${err.message}`);
  }
}

export function initNetworks() {
  $('create-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('new-name');
    show($('create-error'), '');
    input.removeAttribute('aria-invalid');
    try {
      const created = await api('POST', '/controller/network', { name: input.value.trim() });
      input.value = '';
      toast(`Network ${created.id} created`);
      await loadNetworks();
    } catch (err) {
      show($('create-error'), err.message);
      input.setAttribute('aria-invalid', 'true');
    }
  });
}
