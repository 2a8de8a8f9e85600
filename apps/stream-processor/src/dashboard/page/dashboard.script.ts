/**
 * The page's script (plain JavaScript, no library): renders the feed's events. A row whose content
 * changed since the page last saw it is marked with the panel version that changed it (`data-changed`)
 * and flashes; "delayed for" ticks in the page, so the server state does not change every second.
 */
export const DASHBOARD_SCRIPT = String.raw`
'use strict';
const esc = (v) => String(v == null ? '' : v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '–');
const num = (v) => (v == null ? '–' : esc(v));
const span = (ms) => {
  const s = Math.max(0, Math.floor(ms / 1000)), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return h ? h + ' h ' + m + ' min' : m ? m + ' min ' + (s % 60) + ' s' : s + ' s';
};
const ago = (iso) => '<span class="ago" data-from="' + esc(iso) + '">' + (iso ? span(Date.now() - Date.parse(iso)) : '–') + '</span>';
/** A cell that may be cut short (ellipsis) keeps its whole text as a tooltip. */
const cut = (v, cls) => '<td' + (cls ? ' class="' + cls + '"' : '') + ' title="' + esc(v) + '">' + esc(v) + '</td>';
const who = (r) => cut(r.customerName || r.customerId, 'customer');
const stock = (r) => cut(r.productId) + cut(r.productName, 'name') + '<td class="num stock">' + num(r.stock) + '</td><td>' + time(r.since) + '</td>';
const CELLS = {
  catalogue: (r) => cut(r.id) + cut(r.name, 'name') + '<td class="num">' + num(r.price) + '</td><td class="num stock">' + num(r.stock) +
    '</td><td class="level level-' + esc(r.level) + '">' + esc(r.level) + '</td><td class="num rating">' + (r.rating == null ? '–' : esc(r.rating)) + '</td><td class="num">' + esc(r.reviews) + '</td>',
  lowStock: stock,
  criticalStock: stock,
  delayedOrders: (r) => cut(r.orderId) + who(r) + '<td>' + time(r.placedAt) + '</td><td class="num delayed">' + ago(r.dueAt) + '</td>',
  ordersAtRisk: (r) => cut(r.orderId) + who(r) + '<td class="short">' +
    r.items.map((i) => esc(i.productName || i.productId) + ' ×' + i.wanted + ' (stock ' + i.stock + ', short ' + i.short + ')').join('; ') + '</td>',
};
const seen = {};
let version = 0;

function flash(el) {
  el.classList.remove('changed');
  void el.offsetWidth;
  el.classList.add('changed');
}

function count(section, total) {
  const el = section.querySelector('.count');
  const changed = el.textContent !== String(total);
  el.textContent = total;
  if (changed && el.dataset.shown) flash(el);
  el.dataset.shown = '1';
}

function renderPanel(name, panel) {
  const section = document.getElementById(name);
  const before = seen[name];
  const now = {};
  const rows = panel.rows.map((r) => {
    const json = JSON.stringify(r);
    const old = before && before[r.id];
    const changed = old ? (old.json === json ? old.changed : version) : before ? version : '';
    now[r.id] = { json, changed };
    return '<tr data-id="' + esc(r.id) + '" data-changed="' + changed + '"' + (changed === version ? ' class="changed"' : '') + '>' + CELLS[name](r) + '</tr>';
  });
  seen[name] = now;
  const cols = section.querySelectorAll('th').length;
  section.querySelector('tbody').innerHTML = rows.length ? rows.join('') : '<tr><td colspan="' + cols + '" class="empty">none</td></tr>';
  count(section, panel.total);
}

const notes = document.getElementById('notifications');
function addNote(n, live) {
  if (notes.querySelector('li[data-event-id="' + CSS.escape(n.eventId) + '"]')) return;
  const li = document.createElement('li');
  li.dataset.eventId = n.eventId;
  li.dataset.productId = n.productId;
  li.dataset.type = n.type;
  li.dataset.at = n.occurredAt;
  li.innerHTML = '<span class="type type-' + esc(n.type) + '">' + esc(n.type) + '</span><span class="time">' + time(n.occurredAt) + '</span><br>' +
    esc(n.productName || n.productId) + ' (' + esc(n.productId) + '): stock ' + esc(n.stock) + ', ' + esc(n.previousLevel) + ' → ' + esc(n.level);
  const after = [...notes.children].find((o) => o.dataset.at < n.occurredAt);
  notes.insertBefore(li, after || null);
  if (live) li.classList.add('changed');
  while (notes.children.length > 50) notes.lastElementChild.remove();
  count(document.getElementById('notifications-panel'), notes.children.length);
}

function views(v) {
  document.querySelectorAll('.lag[data-view]').forEach((el) => {
    const s = v[el.dataset.view];
    el.textContent = s.lag == null ? 'lag ?' : 'lag ' + s.lag;
    el.className = 'lag ' + (s.lag == null ? '' : s.lag === 0 ? 'ok' : 'behind');
    el.title = 'measured ' + time(s.lagMeasuredAt) + '; newest event applied ' + time(s.lastEventAt);
  });
  document.getElementById('views').textContent = Object.keys(v).map((k) => k + ' lag ' + (v[k].lag == null ? '?' : v[k].lag)).join(' · ');
}

let updated = null;
function status(store, at) {
  if (at) updated = at;
  const el = document.getElementById('status');
  el.className = store === 'ok' ? 'live' : 'stale';
  el.textContent = (store === 'ok' ? 'live' : 'database unreachable, showing') + ' — panels as of ' + time(updated);
  document.body.dataset.version = version;
}

function since(at) {
  const el = document.getElementById('notifications-since');
  el.textContent = at ? 'since ' + time(at) : 'not listening yet';
  el.dataset.since = at || '';
}

function connect() {
  const source = new EventSource(location.pathname.replace(/\/?$/, '/') + 'stream');
  source.addEventListener('snapshot', (e) => {
    const s = JSON.parse(e.data);
    version = s.version;
    if (s.panels) Object.keys(CELLS).forEach((name) => renderPanel(name, s.panels[name]));
    s.notifications.items.forEach((n) => addNote(n, false));
    since(s.notifications.since);
    views(s.views);
    status(s.store, s.at);
  });
  source.addEventListener('panels', (e) => {
    const p = JSON.parse(e.data);
    version = p.version;
    Object.keys(p.panels).forEach((name) => renderPanel(name, p.panels[name]));
    status('ok', p.at);
  });
  source.addEventListener('notification', (e) => addNote(JSON.parse(e.data), true));
  source.addEventListener('views', (e) => views(JSON.parse(e.data)));
  source.addEventListener('status', (e) => status(JSON.parse(e.data).store));
  source.onerror = () => {
    const el = document.getElementById('status');
    if (source.readyState === EventSource.CLOSED) {
      el.className = 'refused';
      el.textContent = 'refused (too many dashboards open?) — retrying in 10 s';
      setTimeout(connect, 10000);
    } else {
      el.className = 'down';
      el.textContent = 'disconnected — reconnecting…';
    }
  };
}

setInterval(() => document.querySelectorAll('.ago[data-from]').forEach((el) => (el.textContent = el.dataset.from ? span(Date.now() - Date.parse(el.dataset.from)) : '–')), 1000);
connect();
`;
