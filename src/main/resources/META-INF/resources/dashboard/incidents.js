// Incidents: the list (#/incidents) and one incident (#/incidents/{id}): span, root-cause ranking, its series a page at
// a time, a timeline of its anomalies for its most severe series, and feedback.
import { get } from './api.js';
import { esc, int, num, time, severityBadge, severityClass, message, user, dim } from './format.js';
import { feedbackButtons, wireFeedback, GROUP_KINDS } from './feedback.js';

// the empty scope is the fleet: an incident of every series with dimensions
function scope(s) {
  const values = Object.entries(s || {});
  return values.length === 0 ? '<span class="dim">fleet</span>'
    : values.map(([k, v]) => dim(k, v)).join(' ');
}

// single dimension values and pairs of two (a region's api hosts), best first: one list, as both are scored alike
function causes(rc) {
  const single = ((rc && rc.dimensions) || []).map(d => ({ values: [[d.key, d.value]], ...d }));
  const pairs = ((rc && rc.combinations) || []).map(c => ({ values: Object.entries(c.dimensions), ...c }));
  return [...pairs, ...single].sort((a, b) => b.score - a.score);
}

function topCause(i) {
  const d = causes(i.rootCause)[0];
  return d ? `${d.values.map(([k, v]) => `${user(k)}=${user(v)}`).join(' · ')} <span class="muted">(${num(d.score, 2)})</span>` : '–';
}

export async function renderIncidentList(view, params) {
  const status = params.get('status') || '';
  const rows = await get('/api/v1/incidents', { status, limit: 200 });
  const filter = `<div class="filters">${['', 'open', 'resolved'].map(s => `<a class="preset${s === status ? ' active' : ''}"
      href="#/incidents${s ? `?status=${s}` : ''}">${s || 'all'}</a>`).join('')}</div>`;
  const body = rows.length === 0 ? message('empty', 'No incidents',
    'Anomalies that alert rules let through are grouped into incidents after each detection run.')
    : `<div class="scroll"><table class="grid" id="incidents"><thead><tr><th>status</th><th>scope</th><th>first window</th>
      <th>last window</th><th>peak</th><th>series</th><th>anomalies</th><th>likely root cause</th></tr></thead>
      <tbody>${rows.map(i => `<tr class="clickable" data-id="${esc(i.id)}">
        <td><span class="status status-${esc(i.status)}">${esc(i.status)}</span></td>
        <td><a href="#/incidents/${esc(i.id)}" data-scope="${esc(Object.entries(i.scope).map(([k, v]) => `${k}=${v}`).join(','))}">${scope(i.scope)}</a></td><td>${time(i.firstWindow)}</td>
        <td>${time(i.lastWindow)}</td><td>${severityBadge(i.peakSeverity)}</td><td class="n">${int(i.seriesCount)}</td>
        <td class="n">${int(i.anomalyCount)}</td><td>${topCause(i)}</td></tr>`).join('')}</tbody></table></div>`;
  view.innerHTML = `<h1>Incidents</h1>${filter}${body}`;
  view.querySelectorAll('#incidents tr[data-id]').forEach(tr =>
    tr.addEventListener('click', () => { location.hash = `#/incidents/${tr.dataset.id}`; }));
  return null;
}

// A row per series, a dot per anomaly placed in the incident's span: where it started and how it spread. Only the
// TIMELINE_ROWS series with the most summed severity get a row (an incident of thousands of series would draw a
// picture tens of thousands of pixels tall), in the order they joined; the rest are counted and listed in the table.
const TIMELINE_ROWS = 25;

function timeline(points, from, to, seriesCount) {
  const rows = new Map();
  points.forEach(p => {
    const r = rows.get(p.seriesKey) || rows.set(p.seriesKey, { key: p.seriesKey, weight: 0, first: rows.size }).get(p.seriesKey);
    r.weight += p.severity;
  });
  const shown = [...rows.values()].sort((a, b) => b.weight - a.weight || a.first - b.first).slice(0, TIMELINE_ROWS)
    .sort((a, b) => a.first - b.first);
  const row = new Map(shown.map((r, i) => [r.key, i]));
  const t0 = Date.parse(from);
  const span = Math.max(Date.parse(to) - t0, 1);
  const rowH = 18;
  const width = 900;
  const left = 260;
  const dots = points.filter(p => row.has(p.seriesKey)).map(p => {
    const x = left + (Date.parse(p.windowStart) - t0) / span * (width - left - 10);
    const y = row.get(p.seriesKey) * rowH + rowH / 2;
    return `<circle class="${severityClass(p.severity)}" cx="${x.toFixed(1)}" cy="${y}" r="5"><title>\u2068${esc(p.seriesKey)}\u2069 ${time(p.windowStart)} severity ${num(p.severity, 2)}</title></circle>`;
  }).join('');
  const labels = shown.map((r, i) => `<text x="0" y="${i * rowH + rowH / 2 + 4}" style="unicode-bidi: isolate" direction="ltr">${esc(r.key.length > 40 ? r.key.slice(0, 39) + '…' : r.key)}</text>`).join('');
  // the timeline holds at most the API's first 5,000 anomalies: the incident's own count says how many series it has
  const more = Math.max(seriesCount, rows.size) - shown.length;
  return `<div class="timeline-box"><svg id="incident-timeline" class="timeline" viewBox="0 0 ${width} ${shown.length * rowH + 4}" width="100%">
    ${labels}${dots}</svg></div><p class="muted">${time(from)} – ${time(to)}${more > 0
      ? ` · <span id="timeline-more">the ${int(shown.length)} series of most severity shown; +${int(more)} more series in the <a href="#" data-jump="incident-series">series table</a></span>` : ''}</p>`;
}

// The group entities whose multivariate anomalies joined the incident, each linked to its group view.
function groupLinks(points) {
  const seen = new Map();
  points.filter(p => p.group).forEach(p => seen.set(`${p.group}/${p.seriesId}`, p));
  if (seen.size === 0) return '';
  return `<h2>Group anomalies</h2><ul id="incident-groups">${[...seen.values()].map(p => `<li>
    <a href="#/groups/${encodeURIComponent(p.group)}/${encodeURIComponent(p.seriesId)}?range=7d">${user(p.seriesKey)}</a></li>`).join('')}</ul>`;
}

// A series of the incident opens at its own strongest anomaly of the incident (the timeline holds them); when the
// timeline was cut short before it, at the incident's span, where nothing is selected as an anomaly.
function strongest(points) {
  const best = new Map();
  points.forEach(p => {
    if (p.group) return;
    const b = best.get(p.seriesId);
    if (!b || p.severity > b.severity) best.set(p.seriesId, p);
  });
  return best;
}

function seriesLink(s, best, i) {
  const own = best.get(String(s.seriesId));
  const base = `#/series/${encodeURIComponent(s.seriesId)}`;
  return own ? `${base}?at=${encodeURIComponent(own.windowStart)}`
    : `${base}?from=${encodeURIComponent(i.firstWindow)}&to=${encodeURIComponent(new Date(Date.parse(i.lastWindow) + 3600e3).toISOString())}`;
}

/** A share of the incident's severity as a percentage; one too small for a decimal is "<0.1 %", never "0 %". */
export function share(fraction) {
  const p = fraction * 100;
  return p > 0 && p < 0.05 ? '<0.1 %' : `${num(p, 1)} %`;
}

const SERIES_PAGE = 20;

function seriesRows(list, best, i) {
  return list.map(s => `<tr>
      <td><a href="${seriesLink(s, best, i)}">${user(s.seriesKey)}</a></td>
      <td class="n">${share(s.share)}</td><td>${severityBadge(s.peakSeverity)}</td>
      <td class="n">${int(s.anomalies)}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">no series anomalies</td></tr>';
}

function seriesPager(offset, total) {
  if (total <= SERIES_PAGE) return '';
  return `<div class="pager" id="incident-series-pager">
    <button type="button" data-offset="${offset - SERIES_PAGE}" ${offset > 0 ? '' : 'disabled'}>‹ previous</button>
    <span>series ${int(offset + 1)}–${int(Math.min(offset + SERIES_PAGE, total))} of ${int(total)}</span>
    <button type="button" data-offset="${offset + SERIES_PAGE}" ${offset + SERIES_PAGE < total ? '' : 'disabled'}>next ›</button></div>`;
}

// An incident's series come a page at a time (the root-cause ranking keeps only its first 20).
function wireSeriesPager(view, i, best) {
  const box = view.querySelector('#incident-series-box');
  box.addEventListener('click', async ev => {
    const b = ev.target.closest('button[data-offset]');
    if (!b) return;
    const offset = Number(b.dataset.offset);
    box.querySelectorAll('button[data-offset]').forEach(x => { x.disabled = true; });
    try {
      const list = await get(`/api/v1/incidents/${encodeURIComponent(i.id)}/series`, { offset, limit: SERIES_PAGE });
      box.querySelector('tbody').innerHTML = seriesRows(list, best, i);
      box.querySelector('#incident-series-pager').outerHTML = seriesPager(offset, i.seriesCount);
    } catch (e) {
      box.querySelector('#incident-series-pager span').textContent = `could not load these series: ${e.message}`;
      box.querySelectorAll('button[data-offset]').forEach(x => { x.disabled = false; });
    }
  });
}

export async function renderIncident(view, id) {
  // the first page of its series (the ranking stored with it keeps 20 of them) comes with it
  const [{ incident: i, timeline: points }, firstSeries] = await Promise.all([
    get(`/api/v1/incidents/${encodeURIComponent(id)}`),
    get(`/api/v1/incidents/${encodeURIComponent(id)}/series`, { limit: SERIES_PAGE })]);
  const ranked = `<div class="scroll"><table class="grid" id="root-cause"><thead><tr><th>dimension value</th><th>score</th>
      <th>anomalous</th><th>of all</th></tr></thead><tbody>${causes(i.rootCause).map(d => `<tr>
      <td>${d.values.map(([k, v]) => dim(k, v)).join(' ')}</td>
      <td><span class="bar" style="width:${Math.round(d.score * 100)}px"></span> ${num(d.score, 3)}</td>
      <td class="n">${int(d.anomalous)}</td><td class="n">${int(d.total)}</td></tr>`).join('')}</tbody></table></div>`;
  const best = strongest(points);
  const series = `<div id="incident-series-box"><div class="scroll"><table class="grid" id="incident-series"><thead><tr><th>series</th><th>share</th><th>peak</th>
      <th>anomalies</th></tr></thead><tbody>${seriesRows(firstSeries, best, i)}</tbody></table></div>
      ${seriesPager(0, i.seriesCount)}</div>`;
  view.innerHTML = `<p><a href="#/incidents">‹ all incidents</a></p>
    <h1>Incident ${scope(i.scope)}</h1>
    <p><span class="status status-${esc(i.status)}" id="incident-status">${esc(i.status)}</span>
      ${time(i.firstWindow)} – ${time(i.lastWindow)} · peak ${severityBadge(i.peakSeverity)} ·
      ${int(i.seriesCount)} series · ${int(i.anomalyCount)} anomalies${i.groupAnomalyCount ? ` (${int(i.groupAnomalyCount)} of groups)` : ''}</p>
    ${feedbackButtons(i.seriesCount > 0 ? undefined : GROUP_KINDS)}
    <div class="columns"><div><h2>Likely root cause</h2>${ranked}</div><div><h2>Series</h2>${series}${groupLinks(points)}</div></div>
    <h2>Timeline</h2>${timeline(points, i.firstWindow, i.lastWindow, i.seriesCount)}`;
  wireFeedback(view, { incidentId: i.id });
  wireSeriesPager(view, i, best);
  view.querySelector('[data-jump]')?.addEventListener('click', ev => {
    ev.preventDefault();
    view.querySelector(`#${ev.target.dataset.jump}`).scrollIntoView();
  });
  return null;
}
