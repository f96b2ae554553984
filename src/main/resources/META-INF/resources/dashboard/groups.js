// Groups (#/groups): every group with its anomalies in a period; one group (#/groups/{name}): its entities, most
// anomalies first, each linking to its view.
import { get } from './api.js';
import { esc, int, time, severityBadge, message, user } from './format.js';

const PERIODS = { P1D: '24 h', P7D: '7 days', P30D: '30 days', P90D: '90 days' };

function periodPicker(period, base) {
  return `<span class="toolbar">anomalies in the last ${Object.entries(PERIODS).map(([p, label]) =>
    `<a class="preset ${p === period ? 'active' : ''}" href="${base}?period=${p}">${label}</a>`).join('')}</span>`;
}

export async function renderGroups(view, params) {
  const period = PERIODS[params.get('period')] ? params.get('period') : 'P7D';
  const groups = await get('/api/v1/groups', { period });
  const body = groups.length === 0
    ? message('empty', 'No groups yet', 'A group models several series together, one model per entity: define one with '
        + '<code>POST /api/v1/admin/groups</code> or <code>vigil.groups.rules</code> (README, "Groups").')
    : `<div class="scroll"><table class="grid" id="groups-table">
        <thead><tr><th>group</th><th>metrics</th><th>by</th><th>entities</th><th>ready models</th><th>anomalies</th>
          <th>max severity</th><th>last anomaly</th></tr></thead>
        <tbody>${groups.map(g => `<tr>
          <td><a href="#/groups/${encodeURIComponent(g.name)}?period=${period}">${user(g.name)}</a></td>
          <td>${g.metrics.map(user).join(', ')}</td><td>${g.by.map(user).join(', ') || '–'}</td>
          <td class="n">${int(g.entities)}</td><td class="n">${int(g.readyModels)}</td><td class="n">${int(g.anomalies)}</td>
          <td>${g.anomalies ? severityBadge(g.maxSeverity) : '–'}</td><td>${time(g.lastAnomaly)}</td></tr>`).join('')}
        </tbody></table></div>`;
  view.innerHTML = `<h1>Groups</h1>${periodPicker(period, '#/groups')}
    <p class="muted">Anomalies of the period before the newest detection run${groups[0] ? ` (${time(groups[0].until)})` : ''}.</p>${body}`;
  return null;
}

export async function renderGroup(view, name, params) {
  const period = PERIODS[params.get('period')] ? params.get('period') : 'P7D';
  let entities;
  try {
    entities = await get(`/api/v1/groups/${encodeURIComponent(name)}/entities`, { period, limit: 500 });
  } catch (e) {
    if (e.status === 404) {
      view.innerHTML = message('error', 'Group not found', `There is no group “${user(name)}”. <a href="#/groups">Back to the groups</a>.`);
      return null;
    }
    throw e;
  }
  const base = `#/groups/${encodeURIComponent(name)}`;
  const body = entities.length === 0
    ? message('empty', 'No entities yet', 'Entities appear once series of the group’s metrics arrive and the next detection run has trained them.')
    : `<div class="scroll"><table class="grid" id="entities-table">
        <thead><tr><th>entity</th><th>model</th><th>anomalies</th><th>max severity</th><th>last anomaly</th></tr></thead>
        <tbody>${entities.map(e => `<tr>
          <td><a href="${base}/${esc(e.entityId)}">${user(e.entityKey)}</a></td><td>${esc(e.modelStatus)}</td>
          <td class="n">${int(e.anomalies)}</td><td>${e.anomalies ? severityBadge(e.maxSeverity) : '–'}</td>
          <td>${time(e.lastAnomaly)}</td></tr>`).join('')}</tbody></table></div>`;
  view.innerHTML = `<p><a href="#/groups">‹ all groups</a></p><h1>Group ${user(name)}</h1>
    ${periodPicker(period, base)}<p class="muted">Entities, most anomalies first.</p>${body}`;
  return null;
}
