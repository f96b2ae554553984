// Incidents: the list (#/incidents) and one incident (#/incidents/{id}): span, timeline of its anomalies per series,
// root-cause ranking and feedback.
import { get } from './api.js';
import { esc, int, num, time, severityBadge, severityClass, message, user, dim } from './format.js';
import { feedbackButtons, wireFeedback, GROUP_KINDS } from './feedback.js';

// the empty scope is the fleet: an incident of every series with dimensions
function scope(s) {
  const values = Object.entries(s || {});
  return values.length === 0 ? '<span class="dim">fleet</span>'
    : values.map(([k, v]) => dim(k, v)).join(' ');
}

function topCause(i) {
  const d = i.rootCause && i.rootCause.dimensions && i.rootCause.dimensions[0];
  return d ? `${user(d.key)}=${user(d.value)} <span class="muted">(${num(d.score, 2)})</span>` : '–';
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

// One row per series, a dot per anomaly placed in the incident's span: where it started and how it spread.
function timeline(points, from, to) {
  const series = [...new Set(points.map(p => p.seriesKey))];
  const t0 = Date.parse(from);
  const span = Math.max(Date.parse(to) - t0, 1);
  const rowH = 18;
  const width = 900;
  const left = 260;
  const dots = points.map(p => {
    const x = left + (Date.parse(p.windowStart) - t0) / span * (width - left - 10);
    const y = series.indexOf(p.seriesKey) * rowH + rowH / 2;
    return `<circle class="${severityClass(p.severity)}" cx="${x.toFixed(1)}" cy="${y}" r="5"><title>\u2068${esc(p.seriesKey)}\u2069 ${time(p.windowStart)} severity ${num(p.severity, 2)}</title></circle>`;
  }).join('');
  const labels = series.map((s, i) => `<text x="0" y="${i * rowH + rowH / 2 + 4}" style="unicode-bidi: isolate" direction="ltr">${esc(s.length > 40 ? s.slice(0, 39) + '…' : s)}</text>`).join('');
  return `<svg id="incident-timeline" class="timeline" viewBox="0 0 ${width} ${series.length * rowH + 4}" width="100%">
    ${labels}${dots}</svg><p class="muted">${time(from)} – ${time(to)}</p>`;
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
function seriesLink(s, points, i) {
  const own = points.filter(p => !p.group && p.seriesId === s.seriesId)
    .reduce((best, p) => (!best || p.severity > best.severity ? p : best), null);
  const base = `#/series/${encodeURIComponent(s.seriesId)}`;
  return own ? `${base}?at=${encodeURIComponent(own.windowStart)}`
    : `${base}?from=${encodeURIComponent(i.firstWindow)}&to=${encodeURIComponent(new Date(Date.parse(i.lastWindow) + 3600e3).toISOString())}`;
}

export async function renderIncident(view, id) {
  const { incident: i, timeline: points } = await get(`/api/v1/incidents/${encodeURIComponent(id)}`);
  const rc = i.rootCause || { dimensions: [], series: [] };
  const causes = `<div class="scroll"><table class="grid" id="root-cause"><thead><tr><th>dimension value</th><th>score</th>
      <th>anomalous</th><th>of all</th></tr></thead><tbody>${rc.dimensions.map(d => `<tr>
      <td>${dim(d.key, d.value)}</td>
      <td><span class="bar" style="width:${Math.round(d.score * 100)}px"></span> ${num(d.score, 3)}</td>
      <td class="n">${int(d.anomalous)}</td><td class="n">${int(d.total)}</td></tr>`).join('')}</tbody></table></div>`;
  const series = `<div class="scroll"><table class="grid" id="incident-series"><thead><tr><th>series</th><th>share</th><th>peak</th>
      <th>anomalies</th></tr></thead><tbody>${rc.series.map(s => `<tr>
      <td><a href="${seriesLink(s, points, i)}">${user(s.seriesKey)}</a></td>
      <td class="n">${num(s.share * 100, 1)} %</td><td>${severityBadge(s.peakSeverity)}</td>
      <td class="n">${int(s.anomalies)}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">no series anomalies</td></tr>'}</tbody></table></div>`;
  view.innerHTML = `<p><a href="#/incidents">‹ all incidents</a></p>
    <h1>Incident ${scope(i.scope)}</h1>
    <p><span class="status status-${esc(i.status)}" id="incident-status">${esc(i.status)}</span>
      ${time(i.firstWindow)} – ${time(i.lastWindow)} · peak ${severityBadge(i.peakSeverity)} ·
      ${int(i.seriesCount)} series · ${int(i.anomalyCount)} anomalies${i.groupAnomalyCount ? ` (${int(i.groupAnomalyCount)} of groups)` : ''}</p>
    ${feedbackButtons(i.seriesCount > 0 ? undefined : GROUP_KINDS)}
    <h2>Timeline</h2>${timeline(points, i.firstWindow, i.lastWindow)}
    <div class="columns"><div><h2>Likely root cause</h2>${causes}</div><div><h2>Series</h2>${series}${groupLinks(points)}</div></div>`;
  wireFeedback(view, { incidentId: i.id });
  return null;
}
