// Overview: sizes, last and next detection run, alert backlog, newest anomalies linking to their series.
import { get, post } from './api.js';
import { esc, int, num, time, severityBadge, message, actionError, user, dim } from './format.js';

function count(c) {
  return c.estimated ? `≈ ${int(c.value)}` : int(c.value);
}

function duration(run) {
  if (!run || !run.startedAt || !run.completedAt) return '–';
  return `${((Date.parse(run.completedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`;
}

// A run claims its shards one at a time: while it runs, fewer are claimed than it has, and the unfinished ones are
// neither done nor failed.
function shardsText(run, shards) {
  const total = Math.max(shards || 0, run.shards);
  const failed = run.shardsFailed ? `, ${int(run.shardsFailed)} failed` : '';
  if (run.running) return `running (${int(run.shardsCompleted)} of ${int(total)} shards done${failed})`;
  const missing = total - run.shardsCompleted - run.shardsFailed;
  return `${int(run.shardsCompleted)} of ${int(total)} shards done${failed}${missing > 0 ? `, ${int(missing)} not run` : ''}`;
}

function anomalyRows(anomalies) {
  return anomalies.map(a => `
    <tr>
      <td>${time(a.windowStart)}</td>
      <td><a href="#/series/${esc(a.seriesId)}?at=${encodeURIComponent(a.windowStart)}">${user(a.seriesKey)}</a></td>
      <td class="n">${num(a.value)}</td><td class="n">${num(a.expected)}</td>
      <td class="n">${num(a.lower)} … ${num(a.upper)}</td><td>${severityBadge(a.severity)}</td>
    </tr>`).join('');
}

function quarantineTable(rows) {
  return `<h2>Quarantined series</h2><div class="scroll"><table class="grid" id="quarantine">
    <thead><tr><th>series</th><th>failures</th><th>last failed</th><th>next try</th><th>error</th></tr></thead>
    <tbody>${rows.map(q => `<tr><td><a href="#/series/${esc(q.seriesId)}">${user(q.seriesKey)}</a></td>
      <td class="n">${int(q.failures)}</td><td>${time(q.lastFailed)}</td><td>${time(q.retryAfter)}</td>
      <td>${esc(q.error)}</td></tr>`).join('')}</tbody></table></div>`;
}

function scopeText(scope) {
  if (!scope) return '<span class="muted">alone</span>';
  const pairs = Object.entries(scope);
  return pairs.length ? pairs.map(([k, v]) => dim(k, v)).join(' ') : 'fleet';
}

// A shared scope in words, for the confirm step (plain text: a dialog shows no markup).
function scopeWords(scope) {
  const pairs = Object.entries(scope);
  return pairs.length ? pairs.map(([k, v]) => `${k}=${v}`).join(', ') : 'the whole fleet';
}

// Next to a shared scope: end every open silence of its series at once (a feeder taken out of service).
function scopeAction(scope) {
  if (!scope) return '';
  return ` <button type="button" data-dismiss-scope="${esc(JSON.stringify(scope))}"
    title="end every open silence of this scope's series; the same stops are not reported again">Dismiss all in this scope</button>`;
}

// The overview lists the most recently detected silences; a fleet that fell silent at once (a collector down) has
// thousands, and "show more" lists as many as the API gives.
const SILENT_ROWS = 20;
const SILENT_MORE = 1000;

function silenceTable(rows, total) {
  const shown = rows.length < total
    ? `<p class="muted" id="silence-count">${int(rows.length)} of ${int(total)} silent series, the most recently detected first.
      ${rows.length < SILENT_MORE ? `<button type="button" id="silence-more">Show ${int(Math.min(total, SILENT_MORE))}</button>` : `The API lists them all: <code>GET /api/v1/silence</code>.`}</p>` : '';
  return `<h2>Silent series</h2>${shown}<div class="scroll"><table class="grid" id="silence">
    <thead><tr><th>series</th><th>last window</th><th>expected by</th><th>step</th><th>detected</th><th>shared with</th><th></th></tr></thead>
    <tbody>${rows.map(s => `<tr data-id="${esc(s.seriesId)}"><td><a href="#/series/${esc(s.seriesId)}">${user(s.seriesKey)}</a></td>
      <td>${time(s.lastWindow)}</td><td>${time(s.expectedWindow)}</td><td class="n">${int(s.stepSeconds / 60)} min</td>
      <td>${time(s.detectedAt)}</td><td>${scopeText(s.scope)}${scopeAction(s.scope)}</td>
      <td><button type="button" data-dismiss="${esc(s.seriesId)}" title="end this silence; the same stop is not reported again">Dismiss</button></td></tr>`).join('')}</tbody></table></div>
    <p class="error" id="silence-error" hidden></p>`;
}

// Dismissing a silence (operate role) ends it, then the overview is drawn again; "show more" lists more of them.
function onSilence(view, total) {
  const box = view.querySelector('#silence-box');
  if (!box) return;
  box.addEventListener('click', async event => {
    if (event.target.id === 'silence-more') {
      event.target.disabled = true;
      try {
        box.innerHTML = silenceTable(await get('/api/v1/silence', { limit: SILENT_MORE }), total);
      } catch (e) {
        event.target.disabled = false;
        const error = box.querySelector('#silence-error');
        actionError(error, e);
        error.hidden = false;
      }
      return;
    }
    if (event.target.dataset && event.target.dataset.dismissScope) {
      await dismissScope(view, box, event.target);
      return;
    }
    const id = event.target.dataset && event.target.dataset.dismiss;
    if (!id) return;
    event.target.disabled = true;
    try {
      await post(`/api/v1/silence/${encodeURIComponent(id)}/dismiss`);
      await renderOverview(view);
    } catch (e) {
      const error = box.querySelector('#silence-error');
      actionError(error, e);
      error.hidden = false;
      event.target.disabled = false;
    }
  });
}

// One call ends at most 10,000 silences (the API's cap): a fleet's are ended call by call until none is left.
async function dismissScope(view, box, button) {
  const scope = JSON.parse(button.dataset.dismissScope);
  if (!confirm(`Dismiss every open silence of ${scopeWords(scope)}? Their series are not reported again for this stop; `
    + 'a series that comes back and stops again is reported anew.')) return;
  box.querySelectorAll('[data-dismiss-scope]').forEach(b => { b.disabled = true; });
  let dismissed = 0;
  try {
    for (let r = { remaining: 1 }; r.remaining > 0;) {
      r = await post('/api/v1/silence/dismiss', { scope });
      dismissed += r.dismissed;
      if (r.dismissed === 0) break;
    }
    await renderOverview(view);
    view.querySelector('h1').insertAdjacentHTML('afterend',
      `<p class="muted" id="silence-dismissed">Dismissed ${int(dismissed)} silent series of ${user(scopeWords(scope))}.</p>`);
  } catch (e) {
    const error = box.querySelector('#silence-error');
    actionError(error, e);
    error.hidden = false;
    box.querySelectorAll('[data-dismiss-scope]').forEach(b => { b.disabled = false; });
  }
}

export async function renderOverview(view) {
  // the lists are asked for with the counts, not after them: each is short, and an empty one costs nothing
  const [o, quarantined, silent] = await Promise.all([get('/api/v1/overview'),
    get('/api/v1/quarantine', { limit: 20 }), get('/api/v1/silence', { limit: SILENT_ROWS })]);
  const run = o.lastRun;
  const cards = `
    <section class="cards">
      <div class="card"><span class="label">Series</span><span class="value" data-stat="series">${count(o.series)}</span></div>
      <div class="card"><span class="label">Windows stored</span><span class="value" data-stat="windows">${count(o.windows)}</span></div>
      <div class="card"><span class="label">${run && run.running ? 'Detection run' : 'Last detection run'}</span>
        <span class="value small" id="run-state">${run ? run.running ? `running since ${time(run.startedAt)}` : time(run.completedAt || run.startedAt) : 'none yet'}</span>
        ${run ? `<span class="muted" id="run-shards">cutoff ${time(run.cutoff)} · ${run.running ? '' : `${duration(run)} · `}${int(run.windowsScored)} windows scored ·
          ${int(run.anomalies)} anomalies · ${shardsText(run, o.shards)}</span>` : ''}</div>
      <div class="card"><span class="label">Next run</span>
        <span class="value small">${o.nextRun ? time(o.nextRun) : 'not scheduled'}</span></div>
      <div class="card"><span class="label">Alert backlog</span><span class="value" data-stat="backlog">${int(o.alertBacklog)}</span>
        <span class="muted">alerts not yet published to Kafka</span></div>
      <div class="card"><span class="label">Detection backlog</span>
        <span class="value" data-stat="pending">${int(o.detectionBacklog.pendingWindows)}</span>
        <span class="muted">${o.detectionBacklog.oldestPending ? `windows to score, oldest ${time(o.detectionBacklog.oldestPending)}` : 'windows to score'}</span></div>
      <div class="card${o.quarantinedSeries > 0 ? ' warn' : ''}"><span class="label">Quarantined series</span>
        <span class="value" data-stat="quarantined">${int(o.quarantinedSeries)}</span>
        <span class="muted">${o.quarantinedSeries > 0 ? 'scoring failed; retried with back-off' : 'none: every series scores'}</span></div>
      <div class="card${o.silentSeries > 0 ? ' warn' : ''}"><span class="label">Silent series</span>
        <span class="value" data-stat="silent">${int(o.silentSeries)}</span>
        <span class="muted">${o.silentSeries > 0 ? 'stopped sending data' : 'none: every series reports'}</span>
        ${o.vigilAway ? `<span class="muted" id="vigil-away">Vigil was not running ${time(o.vigilAway.from)} – ${time(o.vigilAway.to)}: silence is counted from then</span>` : ''}</div>
    </section>
    ${run && run.shardsFailed > 0 ? `<p class="error" id="run-failures">${run.shardsFailed} shard(s) of the last run failed: ${esc(run.failures || '')}</p>` : ''}`;
  let anomalies;
  if (o.series.value === 0) {
    anomalies = message('empty', 'No data yet',
      'Send readings to <code>POST /readings</code> or as CloudEvents to <code>POST /</code>, then run detection (<code>POST /api/v1/detection/runs</code>).');
  } else if (o.recentAnomalies.length === 0) {
    anomalies = message('empty', 'No anomalies yet', run ? 'The detector has found nothing unusual so far.' : 'No detection run has happened yet.');
  } else {
    anomalies = `<div class="scroll"><table class="grid" id="recent-anomalies">
      <thead><tr><th>window</th><th>series</th><th>value</th><th>expected</th><th>band</th><th>severity</th></tr></thead>
      <tbody>${anomalyRows(o.recentAnomalies)}</tbody></table></div>`;
  }
  const quarantine = o.quarantinedSeries > 0 ? quarantineTable(quarantined) : '';
  const silence = o.silentSeries > 0 ? `<div id="silence-box">${silenceTable(silent, o.silentSeries)}</div>` : '';
  view.innerHTML = `<h1>Overview</h1>${cards}${quarantine}${silence}<h2>Most recent anomalies</h2>${anomalies}`;
  onSilence(view, o.silentSeries);
  return null;
}
