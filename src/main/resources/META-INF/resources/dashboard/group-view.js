// One entity of a group (#/groups/{name}/{entityId}): its variables on stacked charts sharing one time axis with the
// group's anomalies marked across them, the anomalies of the range, and for the selected anomaly a bar chart of the
// top variables' contributions and of their values against the values the model expected, with the feedback buttons
// (on the selected anomaly, or with none selected on the shown range).
import { get } from './api.js';
import { loadECharts, onActivate } from './series-view.js';
import { esc, num, time, severityBadge, message, user } from './format.js';
import { SEVERITY_COLORS } from './chart-option.js';
import { feedbackButtons, wireFeedback, GROUP_KINDS } from './feedback.js';

const PRESETS = { '6h': 'PT6H', '24h': 'P1D', '7d': 'P7D', '30d': 'P30D', '90d': 'P90D' };
// a group of a coarse step (the server's vigil.detection.coarse-step or longer, as a coarse series' page decides it)
// has a row a day or fewer: it opens on COARSE_RANGE, where 24 hours would hold one row and draw no anomaly
const COARSE_RANGE = '90d';

/** Seconds of an ISO-8601 duration as the API writes a step (P1D, PT1H, PT5M); 0 if it is not one. */
function seconds(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso || '');
  return m ? (+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0) : 0;
}
/** Variables drawn: those that contributed most to the range's anomalies (all of a small group). */
const SHOWN = 8;
const TOP = 8;

function color(severity) {
  return severity >= 0.8 ? SEVERITY_COLORS.high : severity >= 0.5 ? SEVERITY_COLORS.mid : SEVERITY_COLORS.low;
}

/** Variables by their summed contribution to the anomalies, then by name. */
function shownVariables(variables, anomalies) {
  const weight = new Map(variables.map(v => [v.variable, 0]));
  anomalies.forEach(a => a.interpretation.forEach(c => weight.set(c.variable, (weight.get(c.variable) || 0) + c.contribution)));
  return [...variables].sort((a, b) => weight.get(b.variable) - weight.get(a.variable) || a.variable.localeCompare(b.variable))
    .slice(0, SHOWN);
}

function stackedOption(shown, charts, anomalies) {
  const n = shown.length;
  const height = 100 / n;
  const marks = anomalies.map((a, i) => ({ xAxis: Date.parse(a.windowStart), lineStyle: { color: color(a.severity) }, anomaly: i }));
  return {
    animation: false,
    // the tables and headings say UTC: so do the axes, whatever the browser's zone
    useUTC: true,
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    tooltip: { trigger: 'axis' },
    grid: shown.map((v, i) => ({ left: 170, right: 24, top: `${i * height + 2}%`, height: `${height - 6}%` })),
    xAxis: shown.map((v, i) => ({ type: 'time', gridIndex: i, axisLabel: { show: i === n - 1 } })),
    yAxis: shown.map((v, i) => ({ type: 'value', gridIndex: i, scale: true, name: v.variable, nameLocation: 'middle',
      nameRotate: 0, nameGap: 110, splitNumber: 2, axisLabel: { formatter: value => num(value) } })),
    dataZoom: [{ type: 'inside', xAxisIndex: shown.map((v, i) => i) }],
    series: shown.flatMap((v, i) => [
      { name: v.variable, type: 'line', xAxisIndex: i, yAxisIndex: i, symbol: 'none', lineStyle: { width: 1.2, color: '#333' },
        data: charts[i].points.map(p => [Date.parse(p.start), p.mean]),
        markLine: { symbol: 'none', silent: true, label: { show: false }, data: marks } },
      { name: `${v.variable} anomalies`, type: 'scatter', xAxisIndex: i, yAxisIndex: i, z: 5,
        data: anomalies.map((a, k) => {
          const c = a.interpretation.find(x => x.variable === v.variable);
          return { value: [Date.parse(a.windowStart), c ? c.value : null, k], itemStyle: { color: color(a.severity) },
            symbolSize: 6 + 14 * (c ? c.contribution : 0) };
        }) },
    ]),
  };
}

// Each variable's value and expected value are scaled by the larger of the two in magnitude, so a voltage of 230 and
// a current of 3 are equally readable side by side; the bars' labels and the tooltip give the real numbers.
function scaled(c) {
  const size = Math.max(Math.abs(c.value ?? 0), Math.abs(c.expected ?? 0)) || 1;
  return [{ value: (c.value ?? 0) / size, real: c.value }, { value: (c.expected ?? 0) / size, real: c.expected }];
}

function barsOption(a) {
  const top = a.interpretation.slice(0, TOP).reverse();
  const names = top.map(c => c.variable);
  const pairs = top.map(scaled);
  const real = { position: 'insideLeft', show: true, formatter: p => num(p.data.real), fontSize: 10 };
  return {
    animation: false,
    legend: { data: ['value', 'expected'], right: 10, top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
      formatter: params => `<b>${esc(params[0].name)}</b><br>${params.map(p => p.seriesName === 'contribution'
        ? `contribution ${num(100 * p.value, 1)} %` : `${p.seriesName} ${num(p.data.real)}`).join('<br>')}` },
    grid: [{ left: 150, width: '30%', top: 30, bottom: 40 }, { left: '58%', right: 20, top: 30, bottom: 40 }],
    xAxis: [{ type: 'value', gridIndex: 0, max: 1, name: 'contribution', nameLocation: 'middle', nameGap: 24 },
      { type: 'value', gridIndex: 1, min: v => Math.min(0, v.min), max: v => Math.max(0, v.max), axisLabel: { show: false },
        name: 'value and expected, each variable to its own scale', nameLocation: 'middle', nameGap: 24 }],
    yAxis: [{ type: 'category', gridIndex: 0, data: names }, { type: 'category', gridIndex: 1, data: names, axisLabel: { show: false } }],
    series: [
      { name: 'contribution', type: 'bar', xAxisIndex: 0, yAxisIndex: 0, itemStyle: { color: color(a.severity) },
        data: top.map(c => c.contribution), label: { show: true, position: 'right', formatter: p => num(p.value, 2) } },
      { name: 'value', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, itemStyle: { color: '#333' }, data: pairs.map(p => p[0]),
        label: { ...real, color: '#fff' } },
      { name: 'expected', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, itemStyle: { color: '#8fb9e0' }, data: pairs.map(p => p[1]),
        label: { ...real, color: '#1f2933' } },
    ],
  };
}

function anomalyTable(anomalies) {
  if (anomalies.length === 0) return message('empty', 'No anomalies in this range');
  return `<div class="scroll"><table class="grid" id="group-anomalies"><thead><tr><th>window</th><th>severity</th><th>score</th><th>top contributors</th></tr></thead>
    <tbody>${anomalies.map((a, i) => [a, i]).reverse().map(([a, i]) => `<tr data-anomaly="${i}" class="clickable" tabindex="0" aria-label="anomaly at ${time(a.windowStart)}, severity ${num(a.severity, 2)}">
      <td>${time(a.windowStart)}</td><td>${severityBadge(a.severity)}</td><td class="n">${num(a.score)}</td>
      <td>${a.interpretation.slice(0, 3).map(c => `${user(c.variable)} ${num(100 * c.contribution, 0)} %`).join(', ')}</td></tr>`).join('')}
    </tbody></table></div>`;
}

function detailTable(a) {
  return `<div class="scroll"><table class="grid" id="contributors"><thead><tr><th>variable</th><th>contribution</th><th>value</th><th>expected</th>
    <th>correlation changed with</th></tr></thead><tbody>${a.interpretation.slice(0, TOP).map(c => `<tr>
    <td>${user(c.variable)}</td><td class="n">${num(100 * c.contribution, 1)} %</td><td class="n">${num(c.value)}</td>
    <td class="n">${num(c.expected)}</td><td>${(c.correlationChanges || []).map(x => `${user(x.variable)} (${num(x.change, 2)})`).join(', ') || '–'}</td>
    </tr>`).join('')}</tbody></table></div>`;
}

// With no anomaly selected, the feedback buttons apply to the shown range of the entity, as on the series view.
function rangeDetail(first) {
  if (first.windows === 0) return '<p class="muted">Select an anomaly in the chart or the table to see which variables caused it.</p>';
  return `<p class="muted">Select an anomaly in the chart or the table to see which variables caused it, or give feedback
    on the shown range, <span id="feedback-range">${time(first.from)} – ${time(first.to)}</span>:</p>${feedbackButtons(GROUP_KINDS)}`;
}

export async function renderGroupView(view, name, entityId, params) {
  const chosen = PRESETS[params.get('range')] ? params.get('range') : null;
  let range = chosen || '24h';
  const library = loadECharts();
  const group = encodeURIComponent(name);
  let models;
  try {
    models = await get(`/api/v1/groups/${group}/models`, { entity: entityId, limit: 5 });
  } catch (e) {
    if (e.status === 404) {
      view.innerHTML = message('error', 'Group not found', `There is no group “${user(name)}”. <a href="#/groups">Back to the groups</a>.`);
      return null;
    }
    // a 400 says what is wrong with the address (an entity id that is not a number): the API's words, not "not found"
    if (e.status === 400) {
      view.innerHTML = message('error', 'Cannot show this entity', `${esc(e.message)}. <a href="#/groups/${encodeURIComponent(name)}">Back to the group</a>.`);
      return null;
    }
    throw e;
  }
  const model = models.find(m => m.active) || models[0];
  if (!model) {
    view.innerHTML = message('empty', 'No model for this entity', `<a href="#/groups/${group}">Back to the group</a>.`);
    return null;
  }
  const base = `#/groups/${group}/${encodeURIComponent(entityId)}`;
  const header = `<p><a href="#/groups/${group}">‹ group ${user(name)}</a></p><h1>${user(model.entityKey)}</h1>
    <p class="muted" id="model-status">model ${esc(model.status)}${model.reason ? `: ${esc(model.reason)}` : ''} · ${model.variables.length} variables ·
      trained on ${time(model.trainFrom)} – ${time(model.trainTo)} · step ${esc(model.step)} · ${esc(model.engine)} v${esc(model.engineVersion)}</p>`;
  // the first variable's chart fixes the range (ending at its newest window); the others and the results follow it
  const firstChart = r => get(`/api/v1/series/${model.variables[0].seriesId}/chart`, { span: PRESETS[r], maxPoints: 1000 });
  let first = await firstChart(range);
  if (!chosen && seconds(model.step) >= first.coarseStepSeconds) {
    range = COARSE_RANGE;
    first = await firstChart(range);
  }
  const [from, to] = [first.from, first.to];
  const anomalies = await get(`/api/v1/groups/${group}/entities/${encodeURIComponent(entityId)}/results`, { from, to, anomalies: true });
  const shown = shownVariables(model.variables, anomalies);
  const charts = await Promise.all(shown.map(v => v.seriesId === model.variables[0].seriesId ? first
    : get(`/api/v1/series/${v.seriesId}/chart`, { from, to, maxPoints: 1000 })));
  const presets = Object.keys(PRESETS).map(r => `<a class="preset ${r === range ? 'active' : ''}" href="${base}?range=${r}">${r}</a>`).join('');
  view.innerHTML = `${header}<div class="toolbar">${presets}<span class="muted">${time(from)} – ${time(to)} · ${anomalies.length} anomalies ·
      ${shown.length} of ${model.variables.length} variables shown (largest contributors first)</span></div>
    <div id="group-chart" style="height:${Math.max(260, 120 * shown.length)}px"></div>
    <div class="columns"><div>${anomalyTable(anomalies)}</div><div id="group-detail"></div></div>`;
  const detailBox = view.querySelector('#group-detail');
  const echarts = await library;
  const chart = echarts.init(view.querySelector('#group-chart'));
  chart.on('finished', () => { view.querySelector('#group-chart').dataset.rendered = 'true'; });
  chart.setOption(stackedOption(shown, charts, anomalies));
  let bars = null;
  const select = i => {
    const a = anomalies[i];
    if (bars) bars.dispose();
    bars = null;
    if (!a) {
      detailBox.innerHTML = rangeDetail(first);
      if (first.windows > 0) wireFeedback(detailBox, { group: name, entityId, from, to });
      return;
    }
    detailBox.innerHTML = `<h3>Anomaly at ${time(a.windowStart)}</h3><p>severity ${severityBadge(a.severity)} · score ${num(a.score)}
      · <button type="button" id="select-range">feedback on the shown range instead</button></p>
      ${feedbackButtons(GROUP_KINDS)}<div id="contribution-chart"></div>${detailTable(a)}`;
    detailBox.querySelector('#select-range').addEventListener('click', () => select(-1));
    wireFeedback(detailBox, { group: name, entityId, windowStart: a.windowStart });
    bars = echarts.init(detailBox.querySelector('#contribution-chart'));
    bars.on('finished', () => { detailBox.querySelector('#contribution-chart').dataset.rendered = 'true'; });
    bars.setOption(barsOption(a));
    window.vigilBars = bars;
  };
  onActivate(view.querySelectorAll('#group-anomalies tr[data-anomaly]'), tr => select(Number(tr.dataset.anomaly)));
  chart.on('click', { seriesType: 'scatter' }, e => select(e.data.value[2]));
  select(anomalies.length - 1);
  const resize = () => { chart.resize(); if (bars) bars.resize(); };
  window.addEventListener('resize', resize);
  window.vigilGroupChart = chart;
  return { dispose() {
    window.removeEventListener('resize', resize); chart.dispose(); if (bars) bars.dispose();
    if (window.vigilGroupChart === chart) window.vigilGroupChart = null;
  } };
}
