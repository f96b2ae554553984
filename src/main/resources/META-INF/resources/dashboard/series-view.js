// One series: range presets, the chart (zoomable; a zoom into thinned data reloads that range in full detail),
// the anomalies of the range and the detail of the selected one.
import { get } from './api.js';
import { chartOption } from './chart-option.js';
import { feedbackButtons, wireFeedback } from './feedback.js';
import { esc, int, num, time, severityBadge, message, user, dim } from './format.js';

// 90d is the chart endpoint's longest range (93 days) rounded down; a year is not offered, the endpoint refuses it
const PRESETS = { '6h': 'PT6H', '24h': 'P1D', '7d': 'P7D', '30d': 'P30D', '90d': 'P90D' };
const HOUR = 3600e3;
// a coarse series (its step is the server's vigil.detection.coarse-step or longer, the chart's coarseStepSeconds)
// shows a few points a day or fewer: its default range is COARSE_RANGE, where 24 hours would draw one window or none
const COARSE_RANGE = '90d';

function href(id, params) {
  return `#/series/${encodeURIComponent(id)}?${new URLSearchParams(params)}`;
}

/** The chart request for the page's parameters: explicit from/to, a preset ending at the newest data, or around an anomaly. */
function request(params, fallback = '24h') {
  const range = PRESETS[params.get('range')] ? params.get('range') : fallback;
  const span = PRESETS[range];
  if (params.get('from') && params.get('to')) return { range: null, query: { from: params.get('from'), to: params.get('to') } };
  const at = params.get('at');
  if (at) {
    const half = { '6h': 3, '24h': 12, '7d': 84, '30d': 360, '90d': 1080 }[range] * HOUR;
    const centre = Date.parse(at);
    return { range, query: { from: new Date(centre - half).toISOString(), to: new Date(centre + half).toISOString() } };
  }
  return { range, query: { span } };
}

// Why the detector flagged a window: the band alone explains a "value" flag; the others can fire inside the band,
// and "limit" and "change" are a rule's conditions, not the detector's judgement.
const REASONS = {
  value: 'the value left its band',
  shape: 'the daily or weekly pattern was departed from for a while',
  level: 'the level shifted (a change point)',
  trend: 'the slope changed (a change point)',
  volatility: 'the variability changed',
  rare: 'the value lies where the recent values seldom go',
  limit: "the value broke an alert rule's fixed limits",
  change: "the value moved from an earlier window's by more than an alert rule's percentage",
};

function reasonText(p) {
  if (!p.reason) return '–';
  const why = REASONS[p.reason] || p.reason;
  const v = p.value ?? p.aggregated;
  const inside = p.lower !== null && p.upper !== null && v >= p.lower && v <= p.upper;
  return inside ? `${why}; the value itself lies inside its band` : why;
}

// The detector flags an event once (README "Events"): a later window whose value stays beyond that flag's band, on
// its side, with no gap of more than two of the data's steps, continues the event and is not flagged again. The
// flag a window continues, or null; on thinned points windows between may be missing, so none is named there.
function continuedFlag(data, i) {
  const p = data.points[i];
  if (!p || p.anomaly || data.downsampled) return null;
  const times = data.points.map(q => Date.parse(q.start));
  const step = Math.min(...times.slice(1).map((t, k) => t - times[k]).filter(d => d > 0));
  const v = q => q.value ?? q.aggregated;
  const chain = [];
  for (let j = i; j >= 0; j--) {
    const q = data.points[j];
    if (j < i && times[j + 1] - times[j] > 3 * step) return null;
    if (q.anomaly) {
      const up = q.upper !== null && v(q) > q.upper;
      const down = q.lower !== null && v(q) < q.lower;
      if (!up && !down) return null;
      return chain.every(c => (up ? v(c) > q.upper : v(c) < q.lower)) ? j : null;
    }
    chain.push(q);
  }
  return null;
}

// With no anomaly selected, the feedback buttons apply to the shown range (a maintenance night, a known event). A
// window the detector did not flag (an ?at= link to a plain window) is shown as a window, never as an anomaly, and
// takes no feedback of its own: feedback is on what was flagged, or on a range the user chose.
function detail(p, data, flag) {
  if (!p && data.windows === 0) return '<p class="muted">Select an anomaly in the chart or the table to see its detail.</p>';
  if (!p) return `<p class="muted">Select an anomaly in the chart or the table to see its detail, or give feedback
    on the shown range, <span id="feedback-range">${time(data.from)} – ${time(data.to)}</span>:</p>${feedbackButtons()}`;
  const values = `<dt>value</dt><dd>${num(p.value ?? p.aggregated)}</dd><dt>expected</dt><dd>${num(p.expected)}</dd>
      <dt>lower bound</dt><dd>${num(p.lower)}</dd><dt>upper bound</dt><dd>${num(p.upper)}</dd>`;
  const window = `<dt>window</dt><dd>count ${int(p.count)} · min ${num(p.min)} · max ${num(p.max)} · mean ${num(p.mean)}</dd>`;
  if (!p.anomaly) {
    return `<h3 id="selected-title">Window at ${time(p.start)}</h3>
    <p class="muted" id="window-note">The detector did not flag this window${p.warmingUp ? ' (it was still warming up)' : p.detector ? '' : ' (it is not scored yet)'}${flag !== null
      ? `: it continues the event flagged at <button type="button" id="select-flag" data-point="${flag}">${time(data.points[flag].start)}</button>
        (an event is flagged once; alert rules count its later windows)` : ''}.
      Feedback applies to anomalies, or to the shown range:
      <button type="button" id="select-range">feedback on the shown range</button></p>
    <dl class="detail" id="window-detail">${values}${window}</dl>`;
  }
  return `<h3 id="selected-title">Anomaly at ${time(p.start)}</h3>
    <dl class="detail" id="anomaly-detail">${values}
      <dt>severity</dt><dd>${severityBadge(p.severity)}</dd><dt>score</dt><dd>${num(p.score)}</dd>
      <dt>reason</dt><dd id="anomaly-reason">${esc(reasonText(p))}</dd>
      <dt>detector</dt><dd>${esc(p.detector)} v${esc(p.detectorVersion)}</dd>${window}
    </dl>${feedbackButtons()}`;
}

function anomalyTable(points) {
  const rows = points.map((p, i) => [p, i]).filter(([p]) => p.anomaly).reverse();
  if (rows.length === 0) return message('empty', 'No anomalies in this range');
  return `<div class="scroll"><table class="grid" id="series-anomalies">
    <thead><tr><th>window</th><th>value</th><th>expected</th><th>band</th><th>severity</th><th>detector</th></tr></thead>
    <tbody>${rows.map(([p, i]) => `<tr data-point="${i}" class="clickable" tabindex="0" aria-label="anomaly at ${time(p.start)}, severity ${num(p.severity, 2)}">
      <td>${time(p.start)}</td><td class="n">${num(p.value)}</td><td class="n">${num(p.expected)}</td>
      <td class="n">${num(p.lower)} … ${num(p.upper)}</td><td>${severityBadge(p.severity)}</td>
      <td>${esc(p.detector)} v${esc(p.detectorVersion)}</td></tr>`).join('')}</tbody></table></div>`;
}

// The detector learns a series' normal pattern before it judges it: until then there is no band and nothing is
// flagged, which must not read as "all is well". The API reads the warm-up from every window of the range: the
// points may be thinned.
function warmUpNote(warmUp) {
  if (!warmUp) return '';
  if (warmUp.ongoing) {
    return ' · <b id="warming-up">detector warming up: it is still learning this series, so it shows no band and flags nothing yet</b>';
  }
  return ` · <span id="warming-up">detector warmed up ${warmUp.endedAt ? `at ${time(warmUp.endedAt)}` : 'within this range'} (no band before)</span>`;
}

/** Selecting a row by mouse or keyboard (Enter, Space). */
export function onActivate(rows, handler) {
  rows.forEach(tr => {
    tr.addEventListener('click', () => handler(tr));
    tr.addEventListener('keydown', ev => {
      if (ev.key !== 'Enter' && ev.key !== ' ') return;
      ev.preventDefault();
      handler(tr);
    });
  });
}

/** ECharts' UMD build, evaluated once, on the first series view. */
export function loadECharts() {
  // (the link's id is not "echarts": browsers expose element ids as window properties)
  if (window.echarts && window.echarts.init) return Promise.resolve(window.echarts);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = document.getElementById('echarts-script').href;
    script.onload = () => resolve(window.echarts);
    script.onerror = () => reject(new Error('the chart library could not be loaded'));
    document.head.appendChild(script);
  });
}

export async function renderSeriesView(view, id, params) {
  let { range, query } = request(params);
  // the chart library loads while the server answers, and only on this page
  const library = loadECharts();
  let data;
  try {
    const chart = q => get(`/api/v1/series/${encodeURIComponent(id)}/chart`, { ...q, maxPoints: params.get('maxPoints') || 2000 });
    data = await chart(query);
    // the answer tells the step and where coarse starts, as the detection run decides it: a coarse series with no
    // range chosen (a preset, or around an anomaly) is shown over 90 days, not one day
    if (range && !PRESETS[params.get('range')] && data.stepSeconds >= data.coarseStepSeconds) {
      ({ range, query } = request(params, COARSE_RANGE));
      data = await chart(query);
    }
  } catch (e) {
    // a 400 names what is wrong with the request (a bad from, a range over 93 days); only an unknown series is "not found"
    if (e.status === 404 || (e.status === 400 && e.field === 'id')) {
      view.innerHTML = message('error', 'Series not found', `There is no series “${user(id)}”. <a href="#/series">Back to the list</a>.`);
      return null;
    }
    if (e.status === 400) {
      view.innerHTML = message('error', 'Cannot show this range', `${esc(e.message)}. <a href="${href(id, { range: '24h' })}">Show the last 24 hours</a>.`);
      return null;
    }
    throw e;
  }
  performance.mark('vigil-data-received');
  // the change points of the drawn range, asked for while the chart library loads; the chart stays useful without
  // them, so a failure only says so
  const shifts = data.windows === 0 ? null
    : get(`/api/v1/series/${encodeURIComponent(id)}/change-points`, { from: data.from, to: data.to })
      .then(list => ({ list }), error => ({ error }));
  const presets = Object.keys(PRESETS).map(r =>
    `<a class="preset ${r === range ? 'active' : ''}" href="${href(id, { range: r })}">${r}</a>`).join('');
  const dims = Object.entries(data.series.dimensions || {}).map(([k, v]) => dim(k, v)).join(' ');
  view.innerHTML = `
    <p><a href="#/series">‹ all series</a></p>
    <h1>${user(data.series.key)}</h1>
    <p>${dims} <span class="muted">metric ${user(data.series.metric)}</span></p>
    <div class="toolbar">${presets}
      <span class="muted">${time(data.from)} – ${time(data.to)} · ${int(data.windows)} windows${data.downsampled ? `, ${int(data.points.length)} shown (extremes and anomalies kept; zoom in for detail)` : ''} · ${int(data.anomalies)} anomalies${warmUpNote(data.warmUp)}${data.windows > 0 ? ' · <span id="change-points">change points …</span>' : ''}</span></div>
    <div id="chart-box"></div>
    <div class="columns"><div>${anomalyTable(data.points)}</div><div id="detail-box"></div></div>`;
  const box = view.querySelector('#chart-box');
  const detailBox = view.querySelector('#detail-box');
  const select = i => {
    const p = data.points[i];
    detailBox.innerHTML = detail(p, data, continuedFlag(data, i));
    detailBox.querySelector('#select-range')?.addEventListener('click', () => select(-1));
    detailBox.querySelector('#select-flag')?.addEventListener('click', ev => select(Number(ev.target.dataset.point)));
    if (p && p.anomaly) wireFeedback(detailBox, { seriesId: id, windowStart: p.start });
    else if (!p && data.windows > 0) wireFeedback(detailBox, { seriesId: id, from: data.from, to: data.to });
  };
  // compared as instants: the link may spell the time another way (2026-10-01T00:00Z)
  const at = params.get('at') ? data.points.findIndex(p => Date.parse(p.start) === Date.parse(params.get('at'))) : -1;
  select(at);
  onActivate(view.querySelectorAll('#series-anomalies tr[data-point]'), tr => select(Number(tr.dataset.point)));
  if (data.windows === 0) {
    box.innerHTML = message('empty', data.latest ? 'No windows in this range' : 'No data yet for this series',
      data.latest ? `The newest window ends ${time(data.latest)}.` : 'Windows appear once readings arrive.');
    return null;
  }
  const echarts = await library;
  const { list: changePoints = [], error } = await shifts;
  const shiftNote = view.querySelector('#change-points');
  if (error) shiftNote.textContent = `change points unavailable (${error.message})`;
  else shiftNote.innerHTML = `<span id="change-point-count">${int(changePoints.length)}</span> change points`;
  performance.mark('vigil-library-ready');
  const chart = echarts.init(box);
  chart.on('finished', () => {
    box.dataset.rendered = 'true';
    performance.mark('vigil-chart-rendered');
  });
  chart.setOption(chartOption(data.points, changePoints, data.limits));
  chart.on('click', { seriesName: 'anomalies' }, e => select(e.data.value[3]));
  if (data.downsampled) {
    let timer;
    chart.on('datazoom', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const z = chart.getOption().dataZoom[0];
        const t = i => data.points[Math.round(i)]?.start;
        const from = z.startValue !== undefined ? new Date(z.startValue).toISOString() : t(0);
        const to = z.endValue !== undefined ? new Date(z.endValue).toISOString() : data.to;
        if (from && to && from < to) location.hash = href(id, { from, to });
      }, 600);
    });
  }
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  // exposed so the browser tests (and a curious operator in the console) can read the drawn option
  window.vigilChart = chart;
  return { dispose() { window.removeEventListener('resize', resize); chart.dispose(); if (window.vigilChart === chart) window.vigilChart = null; } };
}
