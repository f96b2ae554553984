// Alert rules (#/rules): the default rule, the stored rules, and a form to add, change, delete or preview one
// (POST/PUT/DELETE /api/v1/alert-rules, POST /api/v1/alert-rules/preview, operate role). Errors name the field,
// which the form marks.
import { get, send } from './api.js';
import { esc, int, num, time, message, actionError, user, dim } from './format.js';
import { readPairs, pairsText } from './form-text.js';
import { readMaintenanceText, maintenanceLine } from './maintenance-text.js';

function scope(r) {
  const parts = [];
  if (r.metric) parts.push(`<span class="dim">metric=${user(r.metric)}</span>`);
  if (r.group) parts.push(`<span class="dim">group=${user(r.group)}</span>`);
  Object.entries(r.dimensions || {}).forEach(([k, v]) => parts.push(dim(k, v)));
  return parts.length ? parts.join(' ') : '<span class="muted">every series</span>';
}

// One maintenance entry for the table: a period "from – to", or a recurring window "every day 02:00–02:45 UTC".
function maintenanceText(m) {
  const note = m.comment ? ` (${user(m.comment)})` : '';
  if (!m.every) return `${time(m.from)} – ${time(m.to)}${note}`;
  const when = m.every === 'day' ? 'every day' : `every ${(m.days || []).map(esc).join(', ')}`;
  const bounds = [m.from ? `from ${time(m.from)}` : '', m.to ? `until ${time(m.to)}` : ''].filter(Boolean).join(' ');
  return `${when} ${esc(m.start)}–${esc(m.end)} ${esc(m.timeZone)}${bounds ? ` (${bounds})` : ''}${note}`;
}

function row(r, stored) {
  const maintenance = (r.maintenance || []).map(maintenanceText).join('<br>');
  return `<tr data-id="${stored ? r.id : 'default'}" data-name="${esc(r.name)}">
    <td>${user(r.name)}${r.enabled === false ? ' <span class="status">disabled</span>' : ''}${r.conditionsOnly ? ' <span class="status">conditions only</span>' : ''}${r.override ? ' <span class="status">override</span>' : ''}</td><td>${scope(r)}</td>
    <td class="n">${num(r.minSeverity, 2)}</td><td>${esc(r.direction)}</td><td class="n">${r.minConsecutive}</td>
    <td>${esc(r.snooze)}</td><td class="n">${r.maxPerHour}</td><td>${maintenance || '–'}</td>
    <td>${r.silence ? esc(r.silence) : '<span class="muted">default</span>'}</td>
    <td>${limits(r.limits)}</td><td>${change(r.change)}</td>
    <td>${stored ? `<button type="button" data-edit="${r.id}">Edit</button> <button type="button" data-delete="${r.id}">Delete</button>` : '<span class="muted">configuration</span>'}</td></tr>`;
}

// A rule's fixed limits as "below 207 · above 253"; a window beyond them is flagged whatever the detector learned.
function limits(l) {
  if (!l) return '–';
  return [l.lower != null ? `below ${num(l.lower)}` : '', l.upper != null ? `above ${num(l.upper)}` : '']
    .filter(Boolean).join(' · ');
}

// A rule's change condition as "beyond ±50 % of 4 windows back" (or "within", a frozen value); flagged whatever the
// detector learned.
function change(c) {
  if (!c) return '–';
  const of = c.ago ? `the window ${esc(c.ago)} before` : c.windows === 1 ? 'the window before' : `${c.windows} windows back`;
  return `${c.within ? 'within' : 'beyond'} ±${num(c.percent)} % of ${of}`;
}

const FIELDS = `
  <label>name <input name="name" required maxlength="256"></label>
  <label>metric <input name="metric" maxlength="256" placeholder="every metric"></label>
  <label>group <input name="group" maxlength="256" placeholder="no group"></label>
  <label>dimensions <input name="dimensions" placeholder='region=north, feeder=f12, host="a, b"'></label>
  <label>min severity <input name="minSeverity" type="number" min="0" max="1" step="0.01"></label>
  <label>direction <select name="direction"><option>both</option><option>up</option><option>down</option></select></label>
  <label>consecutive windows <input name="minConsecutive" type="number" min="1" max="288" step="1"></label>
  <label>snooze <input name="snooze" placeholder="PT1H"></label>
  <label>max alerts per hour <input name="maxPerHour" type="number" min="1" step="1"></label>
  <label>silent after <input name="silence" placeholder="default, PT2H or off"></label>
  <label>flag below <input name="limits.lower" type="number" step="any" placeholder="no lower limit"></label>
  <label>flag above <input name="limits.upper" type="number" step="any" placeholder="no upper limit"></label>
  <label>flag a change of % <input name="change.percent" type="number" min="0" step="any" placeholder="no change condition"></label>
  <label>against windows back <input name="change.windows" type="number" min="1" max="288" step="1" placeholder="1"></label>
  <label>or a time ago <input name="change.ago" placeholder="P7D: the same time a week before"></label>
  <label class="check"><input name="change.within" type="checkbox"> flag a change within it instead (a frozen value)</label>
  <label class="wide">maintenance <textarea name="maintenance" rows="2"
    placeholder="one per line: 2026-12-06T01:00:00Z 2026-12-06T05:00:00Z feeder works, or every day 02:00-02:45 Europe/Berlin backup, or every saturday,sunday 00:00-24:00 UTC"></textarea></label>
  <label class="check"><input name="conditionsOnly" type="checkbox"> only what its limits and change flag (the
    detector's flags stay with the default rule)</label>
  <label class="check"><input name="override" type="checkbox"> override: on its series, decide instead of the other
    rules (a strict rule for one noisy host over a broad one)</label>
  <label class="check"><input name="enabled" type="checkbox" checked> enabled</label>`;

// The form's text fields as the API's JSON; what the user left empty is left out, so it takes the default rule's.
function readForm(form) {
  const v = name => form.elements[name].value.trim();
  const body = { name: v('name'), direction: v('direction'), enabled: form.elements.enabled.checked };
  if (v('metric')) body.metric = v('metric');
  if (v('group')) body.group = v('group');
  if (v('dimensions')) body.dimensions = readPairs(v('dimensions'), 'dimensions');
  for (const name of ['minSeverity', 'minConsecutive', 'maxPerHour']) {
    if (v(name)) body[name] = Number(v(name));
  }
  if (v('snooze')) body.snooze = v('snooze');
  if (v('silence')) body.silence = v('silence');
  if (v('limits.lower') || v('limits.upper')) {
    body.limits = {};
    if (v('limits.lower')) body.limits.lower = Number(v('limits.lower'));
    if (v('limits.upper')) body.limits.upper = Number(v('limits.upper'));
  }
  if (v('change.percent') || v('change.windows') || v('change.ago')) {
    body.change = {};
    if (v('change.percent')) body.change.percent = Number(v('change.percent'));
    if (v('change.windows')) body.change.windows = Number(v('change.windows'));
    if (v('change.ago')) body.change.ago = v('change.ago');
    if (form.elements['change.within'].checked) body.change.within = true;
  }
  if (form.elements.conditionsOnly.checked) body.conditionsOnly = true;
  if (form.elements.override.checked) body.override = true;
  if (v('maintenance')) body.maintenance = readMaintenanceText(v('maintenance'));
  return body;
}

function fillForm(form, r) {
  const set = (name, value) => { form.elements[name].value = value ?? ''; };
  set('name', r.name); set('metric', r.metric); set('group', r.group); set('direction', r.direction || 'both');
  set('dimensions', pairsText(r.dimensions));
  set('minSeverity', r.minSeverity); set('minConsecutive', r.minConsecutive); set('snooze', r.snooze);
  set('maxPerHour', r.maxPerHour); set('silence', r.silence);
  set('limits.lower', r.limits?.lower); set('limits.upper', r.limits?.upper);
  set('change.percent', r.change?.percent); set('change.windows', r.change?.windows); set('change.ago', r.change?.ago);
  form.elements['change.within'].checked = r.change?.within === true;
  set('maintenance', (r.maintenance || []).map(maintenanceLine).join('\n'));
  form.elements.enabled.checked = r.enabled !== false;
  form.elements.conditionsOnly.checked = r.conditionsOnly === true;
  form.elements.override.checked = r.override === true;
}

export async function renderRules(view) {
  const [defaults, rules] = await Promise.all([get('/api/v1/alert-rules/default'), get('/api/v1/alert-rules')]);
  const table = `<div class="scroll"><table class="grid" id="rules"><thead><tr><th>name</th><th>covers</th><th>min severity</th>
    <th>direction</th><th>consecutive</th><th>snooze</th><th>max / hour</th><th>maintenance</th><th>silent after</th><th>limits</th><th>change</th><th></th></tr></thead>
    <tbody>${row(defaults, false)}${rules.map(r => row(r, true)).join('')}</tbody></table></div>`;
  view.innerHTML = `<h1>Alert rules</h1>
    <p class="muted">Which anomalies become alerts. A series is judged by every rule that covers it and alerts when one
      lets the anomaly through; the default rule covers series no stored rule covers. Results are kept either way.</p>
    ${rules.length === 0 ? message('empty', 'No stored rules', 'Every series follows the default rule.') : ''}
    ${table}
    <h2 id="rule-form-title">New rule</h2>
    <form id="rule-form" class="rule-form" autocomplete="off">${FIELDS}
      <div class="wide"><button type="submit">Save rule</button> <button type="button" id="rule-new">New</button>
      <button type="button" id="rule-preview-run">Preview</button> <button type="button" id="rule-preview-stop" hidden>Stop</button> <label for="rule-preview-span" class="inline">on the last</label> <select id="rule-preview-span"
        title="a rule with limits or a change reads every window of the period: on a large fleet, preview a shorter one">
        <option value="168">7 days</option><option value="24">day</option><option value="6">6 hours</option>
        <option value="1">hour</option></select>
      <span id="rule-result" class="muted"></span></div></form>
    <div id="rule-preview"></div>`;
  const form = view.querySelector('#rule-form');
  const result = view.querySelector('#rule-result');
  let editing = null;
  fillForm(form, { ...defaults, name: '', maintenance: [] });
  view.querySelector('#rule-new').addEventListener('click', () => {
    editing = null;
    view.querySelector('#rule-form-title').textContent = 'New rule';
    fillForm(form, { ...defaults, name: '', maintenance: [] });
  });
  view.querySelectorAll('button[data-edit]').forEach(b => b.addEventListener('click', () => {
    editing = rules.find(r => String(r.id) === b.dataset.edit);
    view.querySelector('#rule-form-title').textContent = `Edit rule “${editing.name}”`;
    fillForm(form, editing);
    form.scrollIntoView();
  }));
  view.querySelectorAll('button[data-delete]').forEach(b => b.addEventListener('click', async () => {
    const r = rules.find(x => String(x.id) === b.dataset.delete);
    if (!confirm(`Delete the rule “${r.name}”? Its series fall back to other rules or the default.`)) return;
    try {
      await send('DELETE', `/api/v1/alert-rules/${r.id}`);
      await renderRules(view);
    } catch (e) {
      actionError(result, e);
    }
  }));
  // One preview at a time: the button waits for it, Stop (or leaving the page) aborts it, and the time it has taken
  // is shown (a preview of limits over a large fleet reads for half a minute).
  const run = view.querySelector('#rule-preview-run');
  const stop = view.querySelector('#rule-preview-stop');
  const box = view.querySelector('#rule-preview');
  let running = null;
  // from and to: an earlier part of a preview cut short; by default the chosen span, ending now
  const preview = async (from, to) => {
    if (running) running.abort();
    const controller = new AbortController();
    running = controller;
    form.querySelectorAll('.invalid').forEach(el => el.classList.remove('invalid'));
    const span = view.querySelector('#rule-preview-span');
    const what = from ? `from ${time(from)} to ${time(to)}` : `of the last ${span.selectedOptions[0].textContent}`;
    const started = Date.now();
    const tick = () => { result.textContent = `deciding the stored anomalies ${what}… ${Math.round((Date.now() - started) / 1000)} s`; };
    tick();
    const timer = setInterval(tick, 1000);
    delete result.dataset.state;
    // a table of an earlier preview under this one's progress or error would read as its answer
    box.innerHTML = '';
    run.disabled = true;
    stop.hidden = false;
    try {
      // the period ends now (the server's clock); its start from this one
      const start = from || new Date(Date.now() - Number(span.value) * 3600e3).toISOString();
      const period = `from=${encodeURIComponent(start)}${to ? `&to=${encodeURIComponent(to)}` : ''}`;
      const p = await send('POST', `/api/v1/alert-rules/preview?${period}`, readForm(form),
        { signal: controller.signal, page: true, timeout: PREVIEW_TIMEOUT_MS });
      box.innerHTML = previewHtml(p);
      box.querySelector('#rule-preview-rest')?.addEventListener('click', () => preview(start, p.from));
      result.textContent = '';
    } catch (e) {
      if (running !== controller) return; // a newer preview took its place
      if (e.aborted && controller.signal.aborted) result.textContent = 'Preview stopped.';
      else if (!e.aborted) showError(form, result, e, () => preview(from, to));
    } finally {
      clearInterval(timer);
      if (running === controller) {
        running = null;
        run.disabled = false;
        stop.hidden = true;
      }
    }
  };
  run.addEventListener('click', () => preview(null, null));
  stop.addEventListener('click', () => running?.abort());
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    form.querySelectorAll('.invalid').forEach(el => el.classList.remove('invalid'));
    result.textContent = 'saving…';
    try {
      if (editing) await send('PUT', `/api/v1/alert-rules/${editing.id}`, readForm(form));
      else await send('POST', '/api/v1/alert-rules', readForm(form));
      await renderRules(view);
      view.querySelector('#rule-result').textContent = 'Saved.';
    } catch (e) {
      showError(form, result, e, () => form.requestSubmit());
    }
  });
  return null;
}

// The server gives a preview about half a minute of reading; the page waits a little longer than that.
const PREVIEW_TIMEOUT_MS = 90000;

function showError(form, result, e, retry) {
  actionError(result, e, 'operate', retry);
  result.dataset.state = 'error';
  const field = e.field && (form.elements[e.field] || form.elements[e.field.split(/[.[]/)[0]]);
  if (field) field.classList.add('invalid');
}

// What the rule would have done: nothing is stored or sent by a preview.
function previewHtml(p) {
  const outcomes = p.outcomes.map(o => `<tr><td>${esc(o.outcome)}</td><td class="n">${int(o.windows)}</td></tr>`).join('');
  // a subject is a series for a metric rule, an entity of the group for a group rule
  const link = s => p.rule.group ? `#/groups/${encodeURIComponent(p.rule.group)}/${esc(s.id)}` : `#/series/${esc(s.id)}`;
  const top = p.top.map(s => `<tr><td><a href="${link(s)}">${user(s.key)}</a></td>
    <td class="n">${int(s.flagged)}</td><td class="n">${int(s.alerts)}</td></tr>`).join('');
  const days = p.days.map(d => `<tr><td>${esc(d.day)}</td><td class="n">${int(d.flagged)}</td>
    <td class="n">${int(d.alerts)}</td></tr>`).join('');
  return `<h2>Preview: ${user(p.rule.name)}</h2>
    <p id="rule-preview-summary">From ${time(p.from)} to ${time(p.to)}: <b>${int(p.alerts)} alert${p.alerts === 1 ? '' : 's'}</b> on
      ${int(p.subjectsAlerted)} of ${int(p.subjects)} ${p.rule.group ? 'entities' : 'series'}, from ${int(p.flagged)} flagged windows
      (the rules in force alerted on ${int(p.alertsNow)} of them). Nothing was stored or sent.${p.truncated ? ` Cut short: more than 100,000 flagged windows, so the newest were decided, from ${time(p.from)}; the earlier ones were not.` : ''}${p.events === 'skipped'
      ? ' Events were not replayed (too many windows to read): windows that would complete a run of consecutive windows are not counted; narrow the rule to see them.' : ''}</p>
    ${p.truncated ? `<p><button type="button" id="rule-preview-rest">Preview the earlier part, to ${time(p.from)}</button></p>` : ''}
    ${p.flagged === 0 ? message('empty', 'No flagged windows', 'The rule covers no anomaly of the period.') : `
    <div class="scroll"><table class="grid" id="rule-preview-outcomes"><thead><tr><th>outcome</th><th>windows</th></tr></thead>
      <tbody>${outcomes}</tbody></table></div>
    <div class="scroll"><table class="grid" id="rule-preview-top"><thead><tr><th>${p.rule.group ? 'entity' : 'series'}</th><th>flagged</th><th>alerts</th></tr></thead>
      <tbody>${top}</tbody></table></div>
    <div class="scroll"><table class="grid" id="rule-preview-days"><thead><tr><th>day (UTC)</th><th>flagged</th><th>alerts</th></tr></thead>
      <tbody>${days}</tbody></table></div>`}`;
}
