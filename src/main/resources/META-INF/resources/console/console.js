// The operator console: plain DOM code, no framework, every asset served by the service itself.
// The token lives in this module's memory only; every API call sends it as a bearer token.
import { follow } from '/console/sse.js';

const API = '/api/v1';
const STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'];
const TYPES = ['ingest_text', 'ingest_batch', 'ingest_files', 'sync', 'reindex', 'remove_source', 'delete_collection'];

let token = null;
let claims = {};
let stream = null; // the live feed of the current view, closed when the view changes

// ---- small helpers -------------------------------------------------------------------------

/** Builds an element; attributes starting with "on" are listeners; children are nodes or text. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const $ = (id) => document.getElementById(id);

class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Problem(response.status, json);
  return { json, date: response.headers.get('Date') };
}

function problemText(e) {
  if (e instanceof Problem) {
    const code = e.body?.code ? ` (${e.body.code})` : '';
    return `${e.body?.title || 'Refused'}${code}: ${e.body?.detail || e.message}`;
  }
  return `Request failed: ${e.message}`;
}

function notice(text) {
  $('notice').textContent = text;
}

function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

function shortId(id) {
  return id.slice(0, 8);
}

function statusBadge(op) {
  const text = op.status + (op.cancel_requested && !op.done ? ' (cancel requested)' : '');
  return h('span', { class: `status status-${op.status}` }, text);
}

function percent(op) {
  if (op.status === 'completed') return 100;
  return Math.max(0, Math.min(100, Math.round(op.progress?.percentage ?? 0)));
}

function progressCell(op) {
  const value = percent(op);
  return h('span', {},
    h('progress', { max: 100, value, 'aria-label': `Progress of ${op.type} ${shortId(op.id)}: ${value} %` }),
    ` ${value} %`);
}

function select(id, label, options, value) {
  return h('div', {},
    h('label', { for: id }, label),
    h('select', { id, name: id },
      h('option', { value: '' }, 'any'),
      options.map((o) => h('option', { value: o, selected: o === value }, o))));
}

function field(id, label, value, attrs = {}) {
  return h('div', {}, h('label', { for: id }, label), h('input', { id, name: id, value: value ?? '', ...attrs }));
}

function closeStream() {
  stream?.close();
  stream = null;
}

function liveIndicator() {
  const el = h('span', { class: 'live off', role: 'status' }, 'connecting…');
  return {
    el,
    state(s, why) {
      el.className = `live ${s}`;
      el.textContent = s === 'on' ? 'live' : why === 'finished' ? 'finished' : `reconnecting (${why})`;
    },
  };
}

// ---- sign-in -------------------------------------------------------------------------------

function decodeClaims(jwt) {
  const part = jwt.split('.')[1];
  if (!part) throw new Error('not a JWT');
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

async function signIn(event) {
  event.preventDefault();
  const candidate = $('token').value.trim();
  $('sign-in-error').textContent = '';
  try {
    claims = decodeClaims(candidate);
  } catch (e) {
    $('sign-in-error').textContent = 'That is not a JSON Web Token (three dot-separated parts).';
    return;
  }
  token = candidate;
  try {
    await api('/operations?limit=1'); // the service checks the token, not this page
  } catch (e) {
    token = null;
    $('sign-in-error').textContent = problemText(e);
    return;
  }
  $('token').value = '';
  $('sign-in').hidden = true;
  $('view').hidden = false;
  $('nav').hidden = false;
  $('sign-out').hidden = false;
  const groups = Array.isArray(claims.groups) ? claims.groups : [];
  $('nav-admin').hidden = !groups.includes('admin');
  $('who').textContent = `${claims.sub ?? 'unknown user'} · tenant ${claims.tenant_id ?? '—'}${groups.includes('admin') ? ' · admin' : ''}`;
  if (!location.hash || location.hash === '#/') location.hash = '#/operations';
  else route();
}

function signOut() {
  closeStream();
  token = null;
  claims = {};
  $('view').replaceChildren();
  $('view').hidden = true;
  $('nav').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in').hidden = false;
  $('token').focus();
}

// ---- routing -------------------------------------------------------------------------------

function route() {
  if (!token) return;
  closeStream();
  notice('');
  const hash = location.hash.replace(/^#/, '') || '/operations';
  for (const a of document.querySelectorAll('nav a')) {
    a.toggleAttribute('aria-current', hash.startsWith(a.getAttribute('href').slice(1)));
    if (a.hasAttribute('aria-current')) a.setAttribute('aria-current', 'page');
  }
  const [, section, id] = hash.split('/');
  const view = $('view');
  view.replaceChildren();
  const show = {
    operations: () => (id ? operationDetail(view, decodeURIComponent(id)) : operationsList(view)),
    collections: () => collections(view),
    schedules: () => schedules(view),
    stats: () => stats(view),
    admin: () => admin(view),
  }[section];
  (show || (() => operationsList(view)))();
  $('main').focus();
}

// ---- operations list, live -------------------------------------------------------------------

function filtersFromHash() {
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  return { status: query.get('status') || '', type: query.get('type') || '', collection: query.get('collection') || '' };
}

async function operationsList(view) {
  const filters = filtersFromHash();
  const live = liveIndicator();
  const form = h('form', { class: 'filters', 'aria-label': 'Filter operations', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const name of ['status', 'type', 'collection']) {
      const value = form.elements[name].value.trim();
      if (value) q.set(name, value);
    }
    location.hash = `#/operations${q.toString() ? '?' + q : ''}`;
  } },
    select('status', 'Status', STATUSES, filters.status),
    select('type', 'Type', TYPES, filters.type),
    field('collection', 'Collection', filters.collection, { size: 16 }),
    h('button', { type: 'submit' }, 'Apply'));
  const tbody = h('tbody');
  const table = h('table', {},
    h('caption', {}, 'Operations, newest first ', live.el),
    h('thead', {}, h('tr', {},
      ['Operation', 'Collection', 'Status', 'Progress', 'Submitted by', 'Created'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody);
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Older operations');
  const error = h('p', { class: 'problem', role: 'alert' });
  view.append(h('h2', {}, 'Operations'), form, error, table, h('p', {}, more));

  const rows = new Map();
  const matches = (op) => (!filters.status || op.status === filters.status)
    && (!filters.type || op.type === filters.type)
    && (!filters.collection || op.collection === filters.collection);

  function render(op) {
    const tr = h('tr', { 'data-id': op.id },
      h('td', {}, h('a', { href: `#/operations/${op.id}` }, `${op.type} `, h('code', {}, shortId(op.id)))),
      h('td', {}, op.collection),
      h('td', {}, statusBadge(op)),
      h('td', {}, progressCell(op)),
      h('td', {}, op.submitted_by ?? '—'),
      h('td', {}, when(op.created_at)));
    return tr;
  }

  function upsert(op, atTop) {
    const existing = rows.get(op.id);
    if (existing) {
      if (existing.op.updated_at && op.updated_at && existing.op.updated_at > op.updated_at) return; // late snapshot
      const tr = render(op);
      existing.tr.replaceWith(tr);
      rows.set(op.id, { op, tr });
    } else if (matches(op)) {
      tbody.querySelector('tr.empty')?.remove();
      const tr = render(op);
      if (atTop) tbody.prepend(tr); else tbody.append(tr);
      rows.set(op.id, { op, tr });
    }
  }

  let next = null;
  async function load(pageToken) {
    const q = new URLSearchParams({ limit: '25' });
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    if (pageToken) q.set('page_token', pageToken);
    try {
      const { json } = await api(`/operations?${q}`);
      if (!pageToken) { tbody.replaceChildren(); rows.clear(); }
      json.operations.forEach((op) => upsert(op, false));
      next = json.next_page_token ?? null;
      more.hidden = !next;
      if (rows.size === 0) tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: 6 }, 'No operations.')));
    } catch (e) {
      error.textContent = problemText(e);
    }
  }
  more.addEventListener('click', () => load(next));
  await load(null);

  const q = new URLSearchParams();
  if (filters.collection) q.set('collection', filters.collection);
  if (filters.type) q.set('type', filters.type);
  let reconnects = 0;
  stream = follow(`${API}/operations/events${q.toString() ? '?' + q : ''}`, () => token, {
    onEvent: (name, op) => { if (name === 'operation') upsert(op, true); },
    // each (re)connection starts with the active operations; what ended while the stream was
    // down is not in it, so the page is read again after a reconnect
    onOpen: () => { if (reconnects++ > 0) load(null); },
    onState: (s, why) => live.state(s, why),
  });
}

// ---- one operation -------------------------------------------------------------------------

async function operationDetail(view, id) {
  const live = liveIndicator();
  const error = h('p', { class: 'problem', role: 'alert' });
  const cancel = h('button', { type: 'button', disabled: true }, 'Cancel');
  const retry = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Retry');
  const summary = h('div');
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'History' });
  const outcome = h('div');
  view.append(
    h('p', {}, h('a', { href: '#/operations' }, '← All operations')),
    h('h2', {}, 'Operation ', h('code', {}, id), ' ', live.el),
    h('div', { class: 'toolbar' }, cancel, retry),
    error,
    h('div', { class: 'grid2' },
      h('section', { 'aria-label': 'Details' }, summary, outcome),
      h('section', { 'aria-labelledby': 'history-title' }, h('h3', { id: 'history-title' }, 'History'), timeline)));

  let current = null;
  let lastHistoryKey = null;

  function show(op) {
    current = op;
    const p = op.progress || {};
    summary.replaceChildren(h('dl', { class: 'fields' },
      h('dt', {}, 'Type'), h('dd', {}, op.type),
      h('dt', {}, 'Collection'), h('dd', {}, op.collection),
      h('dt', {}, 'Status'), h('dd', {}, statusBadge(op)),
      h('dt', {}, 'Progress'), h('dd', {}, progressCell(op),
        p.total_items != null ? ` · ${p.processed_items} of ${p.total_items} items` : '',
        p.failed_items ? ` · ${p.failed_items} failed` : '',
        p.stage ? ` · ${p.stage}` : ''),
      h('dt', {}, 'Rate'), h('dd', {}, p.items_per_second != null ? `${p.items_per_second.toFixed(1)} items/s` : '—',
        p.eta_seconds != null && !op.done ? ` · about ${Math.round(p.eta_seconds)} s left` : ''),
      h('dt', {}, 'Current item'), h('dd', {}, p.current_item ?? '—'),
      h('dt', {}, 'Attempt'), h('dd', {}, `${op.attempt} of ${op.max_attempts}`),
      h('dt', {}, 'Submitted by'), h('dd', {}, op.submitted_by ?? '—'),
      h('dt', {}, 'Input'), h('dd', {}, h('code', {}, JSON.stringify(op.input ?? {}))),
      h('dt', {}, 'Metadata'), h('dd', {}, op.metadata ? h('code', {}, JSON.stringify(op.metadata)) : '—'),
      h('dt', {}, 'Worker'), h('dd', {}, op.worker_id ?? '—'),
      op.run_at ? [h('dt', {}, 'Run at'), h('dd', {}, when(op.run_at))] : null,
      op.callback_url ? [h('dt', {}, 'Webhook'), h('dd', {}, h('code', {}, op.callback_url))] : null,
      h('dt', {}, 'Created'), h('dd', {}, when(op.created_at)),
      h('dt', {}, 'Started'), h('dd', {}, when(op.started_at)),
      h('dt', {}, 'Completed'), h('dd', {}, when(op.completed_at)),
      op.retry_of ? [h('dt', {}, 'Retry of'), h('dd', {}, h('a', { href: `#/operations/${op.retry_of}` }, op.retry_of))] : null));
    const parts = [];
    if (op.error) {
      // pending with an error: a transient failure waiting for its next attempt
      parts.push(h('h3', {}, op.status === 'pending' ? 'Last attempt failed' : 'Error'),
        h('p', { class: 'problem' }, `${op.error.code}: ${op.error.message}`));
    }
    if (op.callback_url && op.done) {
      const list = h('ul', { 'aria-label': 'Webhook deliveries' }, h('li', {}, 'loading…'));
      parts.push(h('h3', {}, 'Webhook deliveries'), list);
      api(`/operations/${op.id}/deliveries`).then(({ json }) => {
        list.replaceChildren(...(json.deliveries.length ? json.deliveries.map((d) => h('li', {},
          `${d.type}: ${d.status} after ${d.attempt_count} attempt${d.attempt_count === 1 ? '' : 's'}`,
          d.attempts.length ? ` (${d.attempts.map((a) => a.status_code ?? a.error).join(', ')})` : '',
          d.next_attempt_at ? `; next ${when(d.next_attempt_at)}` : '')) : [h('li', {}, 'none yet')]));
      }).catch((e) => list.replaceChildren(h('li', { class: 'problem' }, problemText(e))));
    }
    const failures = op.result?.failures ?? [];
    if (failures.length) {
      parts.push(h('h3', {}, `Failed items (${failures.length})`), h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Item'), h('th', { scope: 'col' }, 'Reason'))),
        h('tbody', {}, failures.map((f) => h('tr', {}, h('td', {}, f.item ?? '—'), h('td', {}, f.reason + (f.detail ? ` (${f.detail})` : '')))))));
    }
    if (op.result) parts.push(h('h3', {}, 'Result'), h('pre', {}, JSON.stringify(op.result, null, 2)));
    outcome.replaceChildren(...parts);
    cancel.disabled = !(op.status === 'pending' || (op.status === 'running' && !op.cancel_requested));
    retry.disabled = !(op.status === 'failed' || op.status === 'cancelled');
    const key = `${op.status}|${op.cancel_requested}|${op.attempt}`;
    if (key !== lastHistoryKey) { lastHistoryKey = key; loadHistory(); }
  }

  async function loadHistory() {
    try {
      const { json } = await api(`/operations/${encodeURIComponent(id)}/history`);
      timeline.replaceChildren(...json.events.map((e) => h('li', {},
        h('time', { datetime: e.at }, when(e.at)), ' — ',
        h('strong', {}, e.from ? `${e.from} → ${e.to}` : e.to), ` (${e.reason}) by ${e.actor.kind}${e.actor.id ? ' ' + e.actor.id : ''}`,
        e.attempt ? `, attempt ${e.attempt}` : '')));
    } catch (e) {
      timeline.replaceChildren(h('li', {}, problemText(e)));
    }
  }

  cancel.addEventListener('click', async () => {
    error.textContent = '';
    cancel.disabled = true;
    try {
      const { json } = await api(`/operations/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      show(json);
      notice(json.status === 'cancelled' ? 'Cancelled.' : 'Cancel requested: it stops at its next checkpoint.');
    } catch (e) {
      error.textContent = problemText(e);
      if (current) show(current);
    }
  });
  retry.addEventListener('click', async () => {
    error.textContent = '';
    retry.disabled = true;
    try {
      const { json } = await api(`/operations/${encodeURIComponent(id)}/retry`, { method: 'POST' });
      notice(`Retried as ${json.id}.`);
      location.hash = `#/operations/${json.id}`;
    } catch (e) {
      error.textContent = problemText(e);
      if (current) show(current);
    }
  });

  try {
    show((await api(`/operations/${encodeURIComponent(id)}`)).json);
  } catch (e) {
    error.textContent = problemText(e);
    return;
  }
  if (current.done) {
    live.state('off', 'finished');
    return;
  }
  stream = follow(`${API}/operations/${encodeURIComponent(id)}/events`, () => token, {
    onEvent: (name, op) => {
      if (name !== 'operation') return;
      show(op);
      if (op.done) { // the terminal state is the stream's last event
        stream?.close();
        live.state('off', 'finished');
      }
    },
    onState: (s, why) => { if (!current?.done) live.state(s, why); },
  });
}

// ---- collections, tenant lock, sync now ---------------------------------------------------

async function collections(view) {
  const error = h('p', { class: 'problem', role: 'alert' });
  const lock = h('div');
  const tbody = h('tbody');
  const refresh = h('button', { type: 'button', class: 'secondary', onclick: () => { view.replaceChildren(); collections(view); } }, 'Refresh');
  view.append(h('h2', {}, 'Collections ', refresh), error,
    h('section', { 'aria-labelledby': 'lock-title' }, h('h3', { id: 'lock-title' }, 'Tenant write lock'), lock),
    h('table', {}, h('caption', {}, 'Collections and their latest sync'),
      h('thead', {}, h('tr', {}, ['Collection', 'Documents', 'Chunks', 'Updated', 'Latest sync', 'Sync now'].map((c, i) =>
        h('th', { scope: 'col', class: i === 1 || i === 2 ? 'num' : null }, c)))),
      tbody));

  async function loadLock() {
    try {
      const { json } = await api('/sync/lock');
      if (!json.holder) {
        lock.replaceChildren(h('p', {}, 'Free: no sync, reindex or collection delete is active.'));
        return;
      }
      const op = json.holder;
      lock.replaceChildren(h('p', {}, 'Held by ', h('a', { href: `#/operations/${op.id}` }, `${op.type} `, h('code', {}, shortId(op.id))),
        ` on ${op.collection}, ${op.status}`, op.worker_id ? ` on worker ${op.worker_id}` : '', '; heartbeat ',
        op.status !== 'running' ? 'not started' : h('span', { class: json.heartbeat_alive ? 'alive' : 'dead' },
          `${json.heartbeat_alive ? 'alive' : 'stale'} (${json.heartbeat_age_seconds.toFixed(1)} s old)`)));
    } catch (e) {
      lock.replaceChildren(h('p', { class: 'problem' }, problemText(e)));
    }
  }

  async function syncRow(c) {
    let latest = null;
    try {
      // the list first: a collection never synced has no sync status (404), which is not an error here
      const { json } = await api(`/operations?type=sync&collection=${encodeURIComponent(c.name)}&limit=1`);
      if (json.operations.length) latest = (await api(`/sync/status?collection=${encodeURIComponent(c.name)}`)).json;
    } catch (e) {
      error.textContent = problemText(e);
    }
    const sourceId = `source-${c.name}`;
    const message = h('span', { class: 'problem', role: 'alert' });
    const source = h('input', { id: sourceId, size: 14, value: latest?.input?.source ?? '', placeholder: 'source folder' });
    const button = h('button', { type: 'button' }, 'Sync now');
    button.addEventListener('click', async () => {
      message.textContent = '';
      button.disabled = true;
      try {
        const { json } = await api('/sync', { method: 'POST', body: { collection: c.name, source: source.value.trim() } });
        notice(`Sync of ${c.name} started: ${json.id}.`);
        loadLock();
        location.hash = `#/operations/${json.id}`;
      } catch (e) {
        message.textContent = problemText(e);
        button.disabled = false;
      }
    });
    return h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/operations?collection=${encodeURIComponent(c.name)}` }, c.name)),
      h('td', { class: 'num' }, c.documents), h('td', { class: 'num' }, c.chunks), h('td', {}, when(c.updated_at)),
      h('td', {}, latest ? [h('a', { href: `#/operations/${latest.id}` }, statusBadge(latest)), ' ', progressCell(latest),
        latest.files ? ` · files ${latest.files.processed} done, ${latest.files.failed} failed, ${latest.files.pending} pending` : ''] : 'never synced'),
      h('td', {}, h('label', { for: sourceId, class: 'visually-hidden' }, `Source folder for ${c.name} `), source, ' ', button, ' ', message));
  }

  loadLock();
  try {
    const { json } = await api('/collections');
    if (json.collections.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 6 }, 'No collections yet.')));
    for (const c of json.collections) tbody.append(await syncRow(c));
  } catch (e) {
    error.textContent = problemText(e);
  }
}

// ---- schedules -----------------------------------------------------------------------------

async function schedules(view) {
  const error = h('p', { class: 'problem', role: 'alert' });
  const tbody = h('tbody');
  const formError = h('p', { class: 'problem', role: 'alert' });
  const form = h('form', { id: 'schedule-form', class: 'filters' },
    field('schedule-collection', 'Collection', '', { required: true, size: 14 }),
    field('schedule-source', 'Source folder', '', { required: true, size: 16 }),
    field('schedule-cron', 'Cron (minute hour day month weekday)', '0 3 * * *', { required: true, size: 14 }),
    field('schedule-zone', 'Time zone', Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', { size: 16 }),
    h('div', {}, h('button', { type: 'submit' }, 'Create schedule')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    try {
      const body = {
        collection: $('schedule-collection').value.trim(), source: $('schedule-source').value.trim(),
        cron: $('schedule-cron').value.trim(), time_zone: $('schedule-zone').value.trim() || undefined,
      };
      const { json } = await api('/schedules', { method: 'POST', body });
      notice(`Schedule created; next run ${when(json.next_run_at)}.`);
      await load();
    } catch (e) {
      formError.textContent = problemText(e);
    }
  });
  view.append(h('h2', {}, 'Schedules'), error,
    h('table', {}, h('caption', {}, 'Recurring syncs: each due time starts one sync, or is skipped while the tenant lock is held'),
      h('thead', {}, h('tr', {}, ['Collection', 'Source', 'Cron', 'Next run', 'Last run', 'Runs', 'Skipped', ''].map((c, i) =>
        h('th', { scope: 'col', class: i === 5 || i === 6 ? 'num' : null }, c)))),
      tbody),
    h('section', { 'aria-labelledby': 'new-schedule-title' }, h('h3', { id: 'new-schedule-title' }, 'New schedule'), form, formError));

  async function load() {
    try {
      const { json } = await api('/schedules');
      tbody.replaceChildren(...(json.schedules.length ? json.schedules.map((s) => {
        const remove = h('button', { type: 'button', class: 'secondary' }, 'Delete');
        remove.addEventListener('click', async () => {
          remove.disabled = true;
          try {
            await api(`/schedules/${s.id}`, { method: 'DELETE' });
            notice(`Schedule of ${s.collection} deleted.`);
            await load();
          } catch (e) {
            error.textContent = problemText(e);
            remove.disabled = false;
          }
        });
        return h('tr', {}, h('th', { scope: 'row' }, s.collection), h('td', {}, h('code', {}, s.source)),
          h('td', {}, h('code', {}, s.cron), ` (${s.time_zone})`), h('td', {}, when(s.next_run_at)),
          h('td', {}, s.last_operation_id ? h('a', { href: `#/operations/${s.last_operation_id}` }, when(s.last_run_at)) : 'never'),
          h('td', { class: 'num' }, s.run_count),
          h('td', { class: 'num', title: s.last_skip_reason ?? '' }, s.skipped_count,
            s.last_skipped_at ? ` (last ${when(s.last_skipped_at)})` : ''),
          h('td', {}, remove));
      }) : [h('tr', {}, h('td', { colspan: 8 }, 'No schedules yet.'))]));
    } catch (e) {
      error.textContent = problemText(e);
    }
  }
  await load();
}

// ---- stats ---------------------------------------------------------------------------------

/** A horizontal bar chart as inline SVG, with a table of the same numbers for screen readers. */
function barChart(title, rows, unit, second) {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.value, second ? r.second ?? 0 : 0)));
  const rowHeight = second ? 34 : 22;
  const width = 460;
  const labelWidth = 130;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${Math.max(1, rows.length) * rowHeight + 4}`);
  svg.setAttribute('width', '100%');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title);
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.append(el);
  };
  rows.forEach((r, i) => {
    const y = i * rowHeight + 2;
    const barWidth = (v) => Math.max(1, ((width - labelWidth - 70) * v) / max);
    add('text', { x: 0, y: y + 13 }, r.label);
    add('rect', { class: 'bar', x: labelWidth, y, width: barWidth(r.value), height: 14 });
    add('text', { x: labelWidth + barWidth(r.value) + 4, y: y + 12 }, `${fmt(r.value)}${unit}`);
    if (second) {
      add('rect', { class: 'bar2', x: labelWidth, y: y + 16, width: barWidth(r.second ?? 0), height: 12 });
      add('text', { x: labelWidth + barWidth(r.second ?? 0) + 4, y: y + 27 }, `${second} ${fmt(r.second ?? 0)}${unit}`);
    }
  });
  const table = h('table', { class: 'visually-hidden' }, h('caption', {}, title),
    h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', {}, `${fmt(r.value)}${unit}`),
      second ? h('td', {}, `${second} ${fmt(r.second ?? 0)}${unit}`) : null))));
  return h('figure', {}, h('figcaption', {}, title), svg, table);
}

function fmt(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

async function stats(view) {
  const error = h('p', { class: 'problem', role: 'alert' });
  const charts = h('div', { class: 'charts' });
  view.append(h('h2', {}, 'Stats'), h('p', { class: 'hint' }, 'Operations retained now (retention deletes finished ones).'), error, charts);
  try {
    const { json } = await api('/operations/stats');
    charts.append(barChart('Operations by status', STATUSES.map((s) => ({ label: s, value: json.by_status?.[s] ?? 0 })), ''));
    const types = Object.keys(json.by_type ?? {}).sort();
    charts.append(barChart('Completed operations per type (throughput)',
      types.map((t) => ({ label: t, value: json.by_type[t]?.completed ?? 0 })), ''));
    const durations = Object.keys(json.duration_seconds ?? {}).sort();
    charts.append(barChart('Duration per type: mean, and p95 below',
      durations.map((t) => ({ label: t, value: json.duration_seconds[t].mean ?? 0, second: json.duration_seconds[t].p95 ?? 0 })), ' s', 'p95'));
    charts.append(h('p', {}, `Chunks created: ${json.chunks_created ?? 0}`));
  } catch (e) {
    error.textContent = problemText(e);
  }
}

// ---- admin ---------------------------------------------------------------------------------

async function admin(view) {
  const error = h('p', { class: 'problem', role: 'alert' });
  const results = h('ul', { 'aria-label': 'Bulk action results' });
  const lists = h('div');
  const workers = h('div');
  view.append(h('h2', {}, 'Admin: every tenant'), error, lists, h('h3', {}, 'Bulk action results'), results,
    h('section', { 'aria-labelledby': 'workers-title' }, h('h3', { id: 'workers-title' }, 'Workers'), workers));

  async function operationsTable(title, query, idPrefix) {
    const { json } = await api(`/admin/operations?${query}&limit=100`);
    const selected = new Set();
    const cancel = h('button', { type: 'button', disabled: true }, 'Cancel selected');
    const retry = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Retry selected');
    const refresh = () => { cancel.disabled = retry.disabled = selected.size === 0; };
    const act = (action) => async () => {
      error.textContent = '';
      try {
        const { json: answer } = await api('/admin/operations/bulk', { method: 'POST', body: { action, ids: [...selected] } });
        results.replaceChildren(...answer.results.map((r) => h('li', {}, h('code', {}, r.id), ` ${action}: ${r.status} `,
          r.problem ? `${r.problem.title}: ${r.problem.detail ?? ''}` : (r.operation ? statusBadge(r.operation) : ''))));
        notice(`${action}: ${answer.results.filter((r) => r.status < 300).length} of ${answer.results.length} done.`);
        await reload();
      } catch (e) {
        error.textContent = problemText(e);
      }
    };
    cancel.addEventListener('click', act('cancel'));
    retry.addEventListener('click', act('retry'));
    const rows = json.operations.map((op) => {
      const box = h('input', { type: 'checkbox', id: `${idPrefix}-${op.id}`, value: op.id });
      box.addEventListener('change', () => { if (box.checked) selected.add(op.id); else selected.delete(op.id); refresh(); });
      return h('tr', {},
        h('td', {}, box, h('label', { for: `${idPrefix}-${op.id}`, class: 'visually-hidden' }, `Select ${op.type} ${op.id}`)),
        h('td', {}, op.tenant_id), h('td', {}, op.type, ' ', h('code', {}, shortId(op.id))), h('td', {}, op.collection),
        h('td', {}, statusBadge(op)), h('td', {}, op.worker_id ?? '—'), h('td', {}, ago(op.heartbeat_at)),
        h('td', {}, op.error ? `${op.error.code}: ${op.error.message}` : '—'));
    });
    return h('section', { 'aria-label': title },
      h('h3', {}, `${title} (${json.operations.length})`),
      h('div', { class: 'toolbar' }, cancel, retry),
      h('table', {}, h('thead', {}, h('tr', {}, ['Select', 'Tenant', 'Operation', 'Collection', 'Status', 'Worker', 'Heartbeat', 'Error']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 8 }, 'None.')))));
  }

  async function reload() {
    try {
      lists.replaceChildren(
        await operationsTable('Stuck (running, heartbeat older than half of stale-after)', 'stale=true', 'stuck'),
        await operationsTable('Failed', 'status=failed', 'failed'),
        await operationsTable('Running', 'status=running', 'running'),
        await operationsTable('Pending', 'status=pending', 'pending'));
      const { json, date } = await api('/admin/workers');
      const now = date ? new Date(date).getTime() : Date.now();
      workers.replaceChildren(h('table', {},
        h('thead', {}, h('tr', {}, ['Worker', 'Status', 'Version', 'Capacity', 'Running', 'Last tick'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, json.workers.map((w) => h('tr', {}, h('td', {}, w.worker_id),
          h('td', {}, h('span', { class: w.status === 'live' ? 'alive' : 'dead' }, w.status)), h('td', {}, w.version),
          h('td', { class: 'num' }, w.capacity), h('td', {}, w.running.length ? w.running.map(shortId).join(', ') : '—'),
          h('td', {}, ago(w.last_tick_at, now)))))));
    } catch (e) {
      error.textContent = problemText(e);
    }
  }
  await reload();
}

// ---- start ---------------------------------------------------------------------------------

$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', signOut);
window.addEventListener('hashchange', route);
$('token').focus();
