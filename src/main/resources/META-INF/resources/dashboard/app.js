// Hash router: #/ overview, #/series list, #/series/{id} one series, #/incidents list, #/incidents/{id} one,
// #/groups, #/groups/{name}, #/groups/{name}/{entity}, #/rules alert rules, #/hooks hooks (admin), #/metrics each
// metric's aggregation (admin). The page is static; views fetch the read API.
import { renderOverview } from './overview.js';
import { renderSeriesList } from './series-list.js';
import { renderSeriesView } from './series-view.js';
import { renderIncidentList, renderIncident } from './incidents.js';
import { renderGroups, renderGroup } from './groups.js';
import { renderGroupView } from './group-view.js';
import { renderRules } from './rules.js';
import { renderHooks } from './hooks.js';
import { renderMetrics } from './metrics.js';
import { message, esc } from './format.js';
import { apiKey, setApiKey, setSignal } from './api.js';

const view = document.getElementById('view');
let current = null;
// Every navigation gets a number; a render that finishes after a newer navigation started is dropped.
let navigation = 0;
let pending = null;
// seconds of waiting after which "Loading…" says it is still waiting
const WAIT_HINT_S = 3;

function parse() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query) };
}

/** A path segment as text; a malformed escape (#/incidents/%) names nothing, so the page says "not found". */
function segment(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    return null;
  }
}

function render(page, parts, params) {
  const section = parts[0] || 'overview';
  const ids = parts.slice(1).map(segment);
  if (ids.some(id => id === null)) {
    page.innerHTML = message('empty', 'Nothing here', `The address holds a malformed escape (“${esc(parts.slice(1).join('/'))}”), so it names no ${esc(section)} item. <a href="#/${esc(section)}">Back to the list</a>.`);
    return null;
  }
  if (section === 'overview') return renderOverview(page);
  if (section === 'series' && ids[0]) return renderSeriesView(page, ids[0], params);
  if (section === 'series') return renderSeriesList(page, params);
  if (section === 'incidents' && ids[0]) return renderIncident(page, ids[0]);
  if (section === 'incidents') return renderIncidentList(page, params);
  if (section === 'groups' && ids[1]) return renderGroupView(page, ids[0], ids[1], params);
  if (section === 'groups' && ids[0]) return renderGroup(page, ids[0], params);
  if (section === 'groups') return renderGroups(page, params);
  if (section === 'rules') return renderRules(page);
  if (section === 'hooks') return renderHooks(page);
  if (section === 'metrics') return renderMetrics(page, params);
  page.innerHTML = message('empty', 'Nothing here', `No page “${esc(section)}”. <a href="#/">Back to the overview</a>.`);
  return null;
}

async function route() {
  const token = ++navigation;
  const { parts, params } = parse();
  if (current && current.dispose) current.dispose();
  current = null;
  // the previous page's requests are of no use now
  if (pending) pending.abort();
  pending = new AbortController();
  setSignal(pending.signal);
  const section = parts[0] || 'overview';
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === section));
  view.removeAttribute('data-ready');
  view.setAttribute('aria-busy', 'true');
  // each navigation renders into its own element: a render still running when the next navigation starts writes
  // into an element no longer on the page, never over the newer page
  const page = document.createElement('div');
  page.className = 'page';
  page.innerHTML = '<p class="muted loading" id="loading" role="status">Loading…</p>';
  view.replaceChildren(page);
  // a slow answer is said to be slow while it is awaited; the request itself gives up after TIMEOUT_MS
  const started = Date.now();
  const hint = setInterval(() => {
    const waited = Math.round((Date.now() - started) / 1000);
    const loading = page.querySelector('#loading');
    if (loading && waited >= WAIT_HINT_S) loading.textContent = `Loading… still waiting for Vigil (${waited} s)`;
  }, 1000);
  let shown = null;
  try {
    shown = await render(page, parts, params);
  } catch (e) {
    if (token !== navigation) return;
    if (e.status === 401 || e.status === 403) askForKey(page, e);
    else if (e.status === 0) {
      page.innerHTML = message('error', e.unanswered ? 'Vigil is not answering' : 'Could not load this page',
        `${esc(e.message)} <button type="button" id="retry">Retry</button>`);
      page.querySelector('#retry').addEventListener('click', route);
    } else page.innerHTML = message('error', 'Could not load this page', esc(e.message));
  } finally {
    clearInterval(hint);
  }
  if (token !== navigation) {
    if (shown && shown.dispose) shown.dispose();
    return;
  }
  current = shown;
  showKeyState();
  view.removeAttribute('aria-busy');
  // tests and the page-load benchmark wait for this attribute
  view.setAttribute('data-ready', 'true');
}

// The API wants a key (none given, or the one given is unknown or lacks the page's role: read, admin for hooks and metrics).
// `done` (an action's prompt) is called instead of drawing the page again.
function askForKey(view, e, done) {
  const role = e.role || 'read';
  const why = e.status === 403 ? `This key lacks the <code>${role}</code> role.`
    : apiKey() ? 'This key is not known.' : `This Vigil asks for an API key with the <code>${role}</code> role.`;
  view.innerHTML = `<h1>API key needed</h1>
    <form id="key-form" class="key-form" autocomplete="off">
      <p>${why} It is kept for this browser tab only.</p>
      <input id="api-key" type="password" placeholder="API key" aria-label="API key" required>
      <button type="submit">Use key</button>
      ${e.status === 403 && e.fromAction ? '<button type="button" id="key-cancel">Back to the page</button>' : ''}
    </form>`;
  document.getElementById('api-key').focus();
  document.getElementById('key-cancel')?.addEventListener('click', () => (done ? done(false) : route()));
  document.getElementById('key-form').addEventListener('submit', ev => {
    ev.preventDefault();
    setApiKey(document.getElementById('api-key').value.trim());
    if (done) done(true);
    else route();
  });
}

// An action refused for the key's role (403) offers another key. The prompt is shown over the page, which is only
// hidden, so what was typed in its forms stays; with the new key the action is tried again (`retry`, when it has
// one).
function askForActionKey({ role, retry }) {
  const page = view.firstElementChild;
  if (!page || document.getElementById('key-form')) return;
  const prompt = document.createElement('div');
  prompt.className = 'page';
  page.hidden = true;
  view.prepend(prompt);
  askForKey(prompt, { status: 403, role, fromAction: true }, withKey => {
    prompt.remove();
    page.hidden = false;
    showKeyState();
    if (withKey && retry) retry();
  });
}

function showKeyState() {
  const link = document.getElementById('forget-key');
  link.hidden = !apiKey();
}

document.getElementById('forget-key').addEventListener('click', ev => {
  ev.preventDefault();
  setApiKey(null);
  route();
});

window.addEventListener('vigil:ask-key', ev => askForActionKey(ev.detail));

// The same address again (the active link, Refresh) changes no hash, so it draws the page itself: with data as it
// is now.
document.querySelectorAll('[data-nav]').forEach(a => a.addEventListener('click', ev => {
  if (a.getAttribute('href') !== (location.hash || '#/')) return;
  ev.preventDefault();
  route();
}));
document.getElementById('refresh').addEventListener('click', ev => {
  ev.preventDefault();
  route();
});

window.addEventListener('hashchange', route);
route();
