// Series list: server-side filter (metric, key text), sort by anomalies or severity in a period, paging.
import { get } from './api.js';
import { esc, int, time, severityBadge, message, user } from './format.js';

const SIZE = 50;
const PERIODS = { P1D: '24 h', P7D: '7 days', P30D: '30 days', P90D: '90 days' };
const SORTS = { anomalies: 'most anomalies', severity: 'highest severity', key: 'name' };

function link(params, changes) {
  const next = new URLSearchParams(params);
  Object.entries(changes).forEach(([k, v]) => (v === '' || v === null ? next.delete(k) : next.set(k, v)));
  return `#/series?${next}`;
}

function options(all, selected) {
  return Object.entries(all).map(([v, label]) => `<option value="${v}" ${v === selected ? 'selected' : ''}>${label}</option>`).join('');
}

// The metric filter is exact (and case-sensitive): when it matches nothing, the metrics whose names hold it are
// offered.
async function metricHint(metric) {
  if (!metric) return '';
  let near;
  try {
    const found = await get('/api/v1/series', { q: metric, sort: 'key', size: 50 });
    near = [...new Set(found.items.map(s => s.metric))].filter(m => m.toLowerCase().includes(metric.toLowerCase()));
  } catch (e) {
    return ''; // only a hint
  }
  return ` Metric names are exact${near.length ? `: did you mean ${near.slice(0, 5).map(m =>
    `<a href="${link(new URLSearchParams(), { metric: m })}">${user(m)}</a>`).join(', ')}?` : '.'}`;
}

export async function renderSeriesList(view, params) {
  const q = params.get('q') || '';
  const metric = params.get('metric') || '';
  const sort = params.get('sort') || 'anomalies';
  const period = params.get('period') || 'P7D';
  // the address counts pages from 1, as the label does; the API from 0
  const asked = Number(params.get('page') || 1);
  const page = Number.isInteger(asked) && asked > 1 ? asked - 1 : 0;
  const result = await get('/api/v1/series', { q, metric, sort, period, page, size: SIZE });
  const rows = result.items.map(s => `
    <tr>
      <td><a href="#/series/${esc(s.id)}">${user(s.key)}</a></td><td>${user(s.metric)}</td>
      <td class="n">${int(s.anomalies)}</td><td>${s.anomalies ? severityBadge(s.maxSeverity) : '–'}</td>
      <td>${time(s.lastAnomaly)}</td><td>${time(s.firstSeen)}</td>
    </tr>`).join('');
  const last = Math.max(0, Math.ceil(result.total / SIZE) - 1);
  const filtered = q || metric;
  // a page past the last (an old link, a hand-edited address) says so and links to the last one
  const body = result.total > 0 && page > last
    ? message('empty', `There is no page ${int(page + 1)}`, `The list has ${int(last + 1)} page${last ? 's' : ''} of ${int(result.total)} series.
        <a href="${link(params, { page: last ? last + 1 : '' })}" id="last-page">Go to the last page (${int(last + 1)})</a>.`)
    : result.total === 0
    ? message('empty', filtered ? 'No series match' : 'No data yet',
        filtered ? `Change or clear the filter.${await metricHint(metric)}` : 'Series appear here once readings arrive.')
    : `<div class="scroll"><table class="grid" id="series-table">
        <thead><tr><th>series</th><th>metric</th><th>anomalies</th><th>max severity</th><th>last anomaly</th><th>first seen</th></tr></thead>
        <tbody>${rows}</tbody></table></div>
       <div class="pager">
         ${page > 0 ? `<a href="${link(params, { page: page > 1 ? page : '' })}">‹ previous</a>` : ''}
         <span>page ${int(page + 1)} of ${int(last + 1)} · ${int(result.total)} series</span>
         ${page < last ? `<a href="${link(params, { page: page + 2 })}">next ›</a>` : ''}
         ${last > 0 ? `<form id="page-form"><label>go to page <input name="page" type="number" min="1" max="${last + 1}" value="${page + 1}" size="6"></label>
           <button>Go</button></form>` : ''}
       </div>`;
  view.innerHTML = `
    <h1>Series</h1>
    <form class="filters" id="series-filter">
      <label>search <input name="q" placeholder='key or dimensions, e.g. region=eu,dc=dc1 or "host=a b"' value="${esc(q)}" size="32"></label>
      <label>metric <input name="metric" placeholder="exact name, e.g. cpu" value="${esc(metric)}" size="16"></label>
      <label>sort by <select name="sort">${options(SORTS, sort)}</select></label>
      <label>anomalies in the last <select name="period">${options(PERIODS, period)}</select></label>
      <button>Apply</button>
    </form>
    <p class="muted">Anomaly counts cover the period before the newest detection run (${time(result.until)}).</p>
    ${body}`;
  view.querySelector('#series-filter').addEventListener('submit', e => {
    e.preventDefault();
    const f = new FormData(e.target);
    location.hash = link(new URLSearchParams(), { q: f.get('q'), metric: f.get('metric'), sort: f.get('sort'), period: f.get('period') });
  });
  view.querySelector('#page-form')?.addEventListener('submit', e => {
    e.preventDefault();
    const n = Math.min(Math.max(Math.round(Number(e.target.elements.page.value)) || 1, 1), last + 1);
    location.hash = link(params, { page: n > 1 ? n : '' });
  });
  view.querySelectorAll('#series-filter select').forEach(s => s.addEventListener('change', () => s.form.requestSubmit()));
  return null;
}
