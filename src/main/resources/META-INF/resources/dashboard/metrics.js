// Metrics (#/metrics, role admin): each metric's aggregation, the value its windows are judged on (README "Aggregation
// per metric"), 50 a page as the API pages them, and a change of one after a question that says what it does.
import { get, send } from './api.js';
import { esc, int, time, message, refusal, user } from './format.js';

const METRICS = '/api/v1/admin/metrics';
const SIZE = 50;
const AGGREGATIONS = {
  mean: 'mean (the default)', sum: 'sum (counters)', count: 'count of readings', min: 'min', max: 'max',
  last: 'last (a gauge)',
};

function link(page) {
  return page > 0 ? `#/metrics?page=${page + 1}` : '#/metrics';
}

function row(m) {
  const options = Object.entries(AGGREGATIONS).map(([v, label]) =>
    `<option value="${v}" ${v === m.aggregation ? 'selected' : ''}>${esc(label)}</option>`).join('');
  return `<tr data-metric="${esc(m.metric)}">
    <td>${user(m.metric)}</td><td class="aggregation">${esc(m.aggregation)}</td><td class="n">${int(m.series)}</td>
    <td>${m.changedAt ? time(m.changedAt) : '<span class="muted">never set</span>'}</td>
    <td><select aria-label="aggregation of ${esc(m.metric)}">${options}</select>
      <button type="button" class="set-aggregation">Change</button></td></tr>`;
}

// What a change does, said before it is made: the detector relearns, and what it judged stays as it was judged.
function question(m, to) {
  const ask = `Judge the metric “${m.metric}” on the ${to} of each window instead of the ${m.aggregation}?\n\n`;
  if (m.series === 0) return `${ask}It has no series now: the setting applies to its series when its readings come again.`;
  const series = m.series === 1 ? 'Its series relearns its' : `Its ${int(m.series)} series relearn their`;
  return `${ask}${series} stored windows (up to a week) under the ${to} at the next detection run before judging new `
    + 'ones, and any open anomaly event of the metric closes now. Stored results, alerts and incidents keep the '
    + 'values they were judged on.';
}

export async function renderMetrics(view, params) {
  // the address counts pages from 1, as the label does; the API from 0
  const asked = Number(params.get('page') || 1);
  const page = Number.isInteger(asked) && asked > 1 ? asked - 1 : 0;
  let list;
  try {
    list = await get(METRICS, { page, size: SIZE });
  } catch (e) {
    if (e.status === 401 || e.status === 403) e.role = 'admin';
    throw e;
  }
  const last = Math.max(0, Math.ceil(list.total / SIZE) - 1);
  const body = list.total > 0 && page > last
    ? message('empty', `There is no page ${int(page + 1)}`, `The list has ${int(last + 1)} page${last ? 's' : ''} of
        ${int(list.total)} metrics. <a href="${link(last)}" id="last-page">Go to the last page (${int(last + 1)})</a>.`)
    : list.total === 0 ? message('empty', 'No metrics yet', 'A metric appears here once its first readings arrive.')
    : `<div class="scroll"><table class="grid" id="metrics"><thead><tr><th>metric</th><th>aggregation</th>
        <th>series</th><th>last changed</th><th>change to</th></tr></thead>
        <tbody>${list.items.map(row).join('')}</tbody></table></div>
      <div class="pager">
        ${page > 0 ? `<a href="${link(page - 1)}">‹ previous</a>` : ''}
        <span>page ${int(page + 1)} of ${int(last + 1)} · ${int(list.total)} metrics</span>
        ${page < last ? `<a href="${link(page + 1)}">next ›</a>` : ''}
      </div>`;
  view.innerHTML = `<h1>Metrics</h1>
    <p class="muted">How each metric's readings in a window become the one value that is judged: the mean, or the
      sum or count for counters, the min, the max, or the last reading for a gauge. A change applies to every series
      of the metric, which relearns its stored windows at the next detection run.</p>
    <p id="metric-result" class="muted" role="status"></p>
    ${body}`;
  const result = view.querySelector('#metric-result');
  const byName = name => list.items.find(m => m.metric === name);
  view.querySelectorAll('button.set-aggregation').forEach(b => b.addEventListener('click', async () => {
    const tr = b.closest('tr');
    const m = byName(tr.dataset.metric);
    const to = tr.querySelector('select').value;
    result.textContent = '';
    delete result.dataset.state;
    if (to === m.aggregation) {
      result.textContent = `“${m.metric}” is judged on the ${to} already: nothing to change.`;
      return;
    }
    if (!confirm(question(m, to))) return;
    const change = async () => {
      b.disabled = true;
      try {
        const changed = await send('PUT', `${METRICS}/${encodeURIComponent(m.metric)}`, { aggregation: to });
        await renderMetrics(view, params);
        const r = view.querySelector('#metric-result');
        r.textContent = `“${changed.metric}” is judged on the ${changed.aggregation} now; its series relearn at the next run.`;
        r.dataset.state = 'changed';
      } catch (e) {
        refusal(result, e, 'admin', change);
      } finally {
        b.disabled = false;
      }
    };
    await change();
  }));
  return null;
}
