// Hash router: #/ overview, #/series list, #/series/{id} one series, #/incidents list, #/incidents/{id} one,
// #/groups, #/groups/{name}, #/groups/{name}/{entity}, #/rules alert rules, #/hooks hooks (admin). The page is static; views fetch the read API.
import { renderOverview } from './overview.js';
import { renderSeriesList } from './series-list.js';
import { renderSeriesView } from './series-view.js';
import { renderIncidentList, renderIncident } from './incidents.js';
import { renderGroups, renderGroup } from './groups.js';
import { renderGroupView } from './group-view.js';
import { renderRules } from './rules.js';
import { renderHooks } from './hooks.js';
import { message, esc } from './format.js';
import { apiKey, setApiKey } from './api.js';

const view = document.getElementById('view');
let current = null;

function parse() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(query) };
}

async function route() {
  const { parts, params } = parse();
  if (current && current.dispose) current.dispose();
  current = null;
  const section = parts[0] || 'overview';
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === section));
  view.removeAttribute('data-ready');
  try {
    if (section === 'overview') current = await renderOverview(view);
    else if (section === 'series' && parts[1]) current = await renderSeriesView(view, decodeURIComponent(parts[1]), params);
    else if (section === 'series') current = await renderSeriesList(view, params);
    else if (section === 'incidents' && parts[1]) current = await renderIncident(view, decodeURIComponent(parts[1]));
    else if (section === 'incidents') current = await renderIncidentList(view, params);
    else if (section === 'groups' && parts[2]) current = await renderGroupView(view, decodeURIComponent(parts[1]), decodeURIComponent(parts[2]), params);
    else if (section === 'groups' && parts[1]) current = await renderGroup(view, decodeURIComponent(parts[1]), params);
    else if (section === 'groups') current = await renderGroups(view, params);
    else if (section === 'rules') current = await renderRules(view);
    else if (section === 'hooks') current = await renderHooks(view);
    else view.innerHTML = message('empty', 'Nothing here', `No page “${esc(section)}”. <a href="#/">Back to the overview</a>.`);
  } catch (e) {
    if (e.status === 401 || e.status === 403) askForKey(e);
    else view.innerHTML = message('error', 'Could not load this page', esc(e.message));
  }
  showKeyState();
  // tests and the page-load benchmark wait for this attribute
  view.setAttribute('data-ready', 'true');
}

// The API wants a key (none given, or the one given is unknown or lacks the page's role: read, admin for hooks).
function askForKey(e) {
  const role = e.role || 'read';
  const why = e.status === 403 ? `This key lacks the <code>${role}</code> role.`
    : apiKey() ? 'This key is not known.' : `This Vigil asks for an API key with the <code>${role}</code> role.`;
  view.innerHTML = `<h1>API key needed</h1>
    <form id="key-form" class="key-form" autocomplete="off">
      <p>${why} It is kept for this browser tab only.</p>
      <input id="api-key" type="password" placeholder="API key" aria-label="API key" required>
      <button type="submit">Use key</button>
    </form>`;
  document.getElementById('key-form').addEventListener('submit', ev => {
    ev.preventDefault();
    setApiKey(document.getElementById('api-key').value.trim());
    route();
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

window.addEventListener('hashchange', route);
route();
