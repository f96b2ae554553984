// Hash router: #/ overview, #/series list, #/series/{id} one series. The page is static; views fetch the read API.
import { renderOverview } from './overview.js';
import { renderSeriesList } from './series-list.js';
import { renderSeriesView } from './series-view.js';
import { message, esc } from './format.js';

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
    else view.innerHTML = message('empty', 'Nothing here', `No page “${esc(section)}”. <a href="#/">Back to the overview</a>.`);
  } catch (e) {
    view.innerHTML = message('error', 'Could not load this page', esc(e.message));
  }
  // tests and the page-load benchmark wait for this attribute
  view.setAttribute('data-ready', 'true');
}

window.addEventListener('hashchange', route);
route();
