// Orbital's controller page: sign-in, a hash router between the network list and one network,
// and refreshing from the change stream (with slower polling as a safety net).

import { api, token, setToken, clearToken } from './api.js';
import { $, show, toast } from './ui.js';
import { follow } from './events.js';
import { initNetworks, loadNetworks } from './networks.js';
import { initNetwork, loadNetwork, forgetNetwork } from './network.js';
import { initMembers, loadMembers, forgetMembers, render as renderMembers } from './members.js';

/** Polling while the change stream is up only refreshes "online" and "last seen"; without it, it is the refresh. */
const POLL_LIVE_MS = 15000;
const POLL_OFFLINE_MS = 4000;

let stopEvents = null;
let live = false;
let pollTimer = null;
let refreshTimer = null;

function currentRoute() {
  const match = /^#\/network\/([0-9a-fA-F]{16})$/.exec(location.hash);
  return match ? { view: 'network', nwid: match[1].toLowerCase() } : { view: 'networks' };
}

function showView(id) {
  for (const view of ['sign-in-view', 'networks-view', 'network-view']) {
    $(view).hidden = view !== id;
  }
  const signedIn = id !== 'sign-in-view';
  $('sign-out').hidden = !signedIn;
  $('live').hidden = !signedIn;
}

async function refresh() {
  const route = currentRoute();
  try {
    if (route.view === 'network') {
      await Promise.all([loadNetwork(route.nwid), loadMembers(route.nwid)]);
    } else {
      await loadNetworks();
    }
  } catch (err) {
    handleError(err, route);
  }
}

function handleError(err, route) {
  if (err.status === 401) {
    signOut('The controller refused the API token; sign in again.');
  } else if (err.status === 404 && route.view === 'network') {
    toast('That network does not exist (any more).');
    location.hash = '#/networks';
  } else {
    show($(route.view === 'network' ? 'network-error' : 'create-error'), err.message);
  }
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 120);
}

function onChange(change) {
  const route = currentRoute();
  if (route.view === 'networks' || change.nwid === route.nwid) {
    scheduleRefresh();
  }
}

function setLive(on) {
  live = on;
  const node = $('live');
  node.textContent = on ? 'Live' : 'Reconnecting…';
  node.classList.toggle('on', on);
  node.title = on ? 'Changes show up as they happen' : 'Checking for changes every few seconds';
  if (on) {
    scheduleRefresh(); // whatever changed while the stream was down
  }
  schedulePoll();
}

function schedulePoll() {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(async () => {
    await refresh();
    if (live) renderMembers();
    schedulePoll();
  }, live ? POLL_LIVE_MS : POLL_OFFLINE_MS);
}

async function route() {
  if (!token()) {
    showView('sign-in-view');
    $('token').focus();
    return;
  }
  const where = currentRoute();
  show($('network-error'), '');
  show($('create-error'), '');
  if (where.view === 'network') {
    showView('network-view');
  } else {
    forgetNetwork();
    forgetMembers();
    document.title = 'Networks · Orbital';
    showView('networks-view');
  }
  await refresh();
  $('main').focus({ preventScroll: true });
}

function startSession() {
  if (!stopEvents) {
    stopEvents = follow(onChange, setLive);
  }
  schedulePoll();
}

function signOut(message) {
  clearToken();
  if (stopEvents) {
    stopEvents();
    stopEvents = null;
  }
  clearTimeout(pollTimer);
  forgetNetwork();
  forgetMembers();
  showView('sign-in-view');
  show($('sign-in-error'), message || '');
  $('token').value = '';
  $('token').focus();
}

async function signIn(e) {
  e.preventDefault();
  const input = $('token');
  const candidate = input.value.trim();
  show($('sign-in-error'), '');
  input.removeAttribute('aria-invalid');
  if (!candidate) {
    show($('sign-in-error'), 'Enter the API token.');
    input.setAttribute('aria-invalid', 'true');
    return;
  }
  try {
    await api('GET', '/controller', undefined, candidate);
  } catch (err) {
    show($('sign-in-error'), err.status === 401
      ? 'That token is not the controller\'s API token.'
      : err.message);
    input.setAttribute('aria-invalid', 'true');
    input.select();
    return;
  }
  setToken(candidate);
  input.value = '';
  startSession();
  await route();
}

function init() {
  initNetworks();
  initNetwork();
  initMembers();
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => signOut(''));
  window.addEventListener('hashchange', route);
  if (token()) {
    startSession();
  }
  route();
}

init();
