// Hooks (#/hooks): HTTP endpoints that receive the alerts topic's events (README "Hooks"): the hooks with their
// pending, given-up and skipped (older than its maxAge) deliveries, a form to add or change one, a test event or a
// sample of a type, a new secret, and a hook's recent deliveries, by state, with a retry for given-up and skipped
// ones. Everything here needs the admin role; the secret is shown once.
import { get, send } from './api.js';
import { esc, int, time, message, refusal, user } from './format.js';
import { readList, listText } from './form-text.js';

const HOOKS = '/api/v1/admin/hooks';
const TYPES = ['dev.vigil.anomaly.detected.v1', 'dev.vigil.group.anomaly.detected.v1', 'dev.vigil.alerts.capped.v1',
  'dev.vigil.incident.opened.v1', 'dev.vigil.incident.updated.v1', 'dev.vigil.incident.resolved.v1',
  'dev.vigil.silence.started.v1', 'dev.vigil.silence.ended.v1', 'dev.vigil.silence.scope.started.v1',
  'dev.vigil.silence.scope.ended.v1', 'dev.vigil.silence.capped.v1'];

function row(h) {
  const filters = [h.types.length ? h.types.map(t => `<span class="dim">${esc(t.replace(/^dev\.vigil\./, ''))}</span>`).join(' ') : '',
    h.rules.length ? `rules ${h.rules.map(r => `<span class="dim">${user(r)}</span>`).join(' ')}` : '',
    h.maxAge ? `<span class="max-age">maxAge <code>${esc(h.maxAge)}</code></span>` : '',
    h.headerNames.length ? `<span class="muted">headers ${h.headerNames.map(esc).join(', ')}</span>` : '']
    .filter(Boolean).join('<br>');
  return `<tr data-id="${h.id}" data-name="${esc(h.name)}">
    <td>${user(h.name)}${h.enabled ? '' : ' <span class="status">disabled</span>'}${h.format !== 'cloudevents' ? ` <span class="status">${esc(h.format)}</span>` : ''}</td><td class="url">${h.unreadable ? `<b class="failed" title="${esc(h.unreadable)}">credentials sealed under a key this server lacks</b>` : esc(h.url)}</td>
    <td>${filters || '<span class="muted">every event</span>'}</td>
    <td class="n">${int(h.pending)}</td><td class="n">${h.failed ? `<b class="failed">${int(h.failed)}</b>` : '0'}</td>
    <td class="n">${h.skipped ? `<button type="button" class="link" data-skipped="${h.id}" title="list them">${int(h.skipped)}</button>` : '0'}</td>
    <td><select data-test-type="${h.id}" aria-label="what to send as a test"><option value="">test event</option>${(h.types.length ? h.types : TYPES).map(t => `<option value="${esc(t)}">sample ${esc(t.replace(/^dev\.vigil\./, ''))}</option>`).join('')}</select>
      <button type="button" data-test="${h.id}">Test</button> <button type="button" data-deliveries="${h.id}">Deliveries</button>
      <button type="button" data-edit="${h.id}">Edit</button> <button type="button" data-secret="${h.id}">New secret</button>
      <button type="button" data-delete="${h.id}">Delete</button></td></tr>`;
}

const FIELDS = `
  <label>name <input name="name" required maxlength="256"></label>
  <label class="wide">URL <input name="url" required maxlength="2048" placeholder="https://events.example.com/vigil?token=… or mailto:ops@example.com,desk@example.com"></label>
  <label>format (http hooks) <select name="format"><option value="cloudevents">CloudEvent (programs)</option>
    <option value="chat">chat line {"text": …} (Slack, Mattermost, Google Chat)</option>
    <option value="template">my template (below)</option></select></label>
  <label class="wide"><span>template (format "my template": a Qute template of the JSON body; <code>{line.json}</code>, <code>{event.data.seriesKey.json}</code>, <code>{link.json}</code>)</span>
    <textarea name="template" rows="4" placeholder='{"summary": {line.json}, "source": {event.subject.json}}'></textarea></label>
  <fieldset class="wide types"><legend>event types (none ticked: every type)</legend>
    ${TYPES.map(t => `<label class="check"><input type="checkbox" name="types" value="${t}"> ${esc(t)}</label>`).join('')}</fieldset>
  <label class="wide">extra headers <textarea name="headers" rows="2" placeholder="one per line, Name: value (Authorization: Bearer …); on a change, empty keeps the stored ones"></textarea></label>
  <label class="check"><input name="clearHeaders" type="checkbox"> remove the stored extra headers</label>
  <label class="wide">only events of the rules <input name="rules" placeholder='rule names, comma-separated, "quoted, if a name has a comma" (default: the default rule); empty: every event'></label>
  <label>max age of alerts <input name="maxAge" maxlength="32" placeholder="PT6H" aria-describedby="hook-max-age-hint">
    <span id="hook-max-age-hint" class="muted">ISO-8601, <code>PT5M</code> to <code>P366D</code>: an anomaly or cap
      summary about a window that ended longer before it is written is skipped, not sent (a backfill's); empty: any age</span></label>
  <label class="check"><input name="enabled" type="checkbox" checked> enabled</label>`;

// Header values are credentials the API never shows: left empty on a change, the stored ones stay.
function readForm(form) {
  const body = { name: form.elements.name.value.trim(), url: form.elements.url.value.trim(),
    types: [...form.querySelectorAll('input[name=types]:checked')].map(c => c.value),
    rules: readList(form.elements.rules.value, 'rules'),
    enabled: form.elements.enabled.checked, format: form.elements.format.value,
    // the field shows the stored value, so an emptied one means none: null removes it (a PUT without it would keep it)
    maxAge: form.elements.maxAge.value.trim() || null };
  // a mailto: hook sends mail: its format follows from the URL
  if (/^mailto:/i.test(body.url)) delete body.format;
  if (body.format === 'template') body.template = form.elements.template.value;
  const lines = form.elements.headers.value.split('\n').map(l => l.trim()).filter(Boolean);
  if (lines.length) {
    body.headers = Object.fromEntries(lines.map(l => { const i = l.indexOf(':'); return i < 0 ? [l, ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()]; }));
  } else if (form.elements.clearHeaders.checked) {
    body.headers = {};
  }
  return body;
}

function fillForm(form, h) {
  form.elements.name.value = h.name || '';
  form.elements.url.value = h.url || '';
  form.querySelectorAll('input[name=types]').forEach(c => { c.checked = (h.types || []).includes(c.value); });
  form.elements.rules.value = listText(h.rules || []);
  form.elements.maxAge.value = h.maxAge || '';
  form.elements.enabled.checked = h.enabled !== false;
  form.elements.format.value = h.format === 'email' ? 'cloudevents' : h.format || 'cloudevents';
  form.elements.template.value = h.template || '';
  form.elements.headers.value = '';
  form.elements.headers.placeholder = (h.headerNames || []).length
    ? `stored: ${h.headerNames.join(', ')} (values hidden); empty keeps them, or one per line, Name: value, replaces them`
    : 'one per line, Name: value (Authorization: Bearer …)';
  form.elements.clearHeaders.checked = false;
}

// The secret is answered once (on create and on rotation): shown until the page changes, with how to check it.
function secretHtml(hook, secret) {
  return `<div class="state" id="hook-secret" data-state="secret"><h2>Signing secret of “${user(hook.name)}”</h2>
    <p>Copy it now: Vigil will not show it again. Deliveries carry <code>webhook-id</code>, <code>webhook-timestamp</code>
      and <code>webhook-signature</code> (Standard Webhooks); a Standard Webhooks verifier takes this secret as it is.</p>
    <p><code id="hook-secret-value">${esc(secret)}</code></p></div>`;
}

const STATES = [['', 'every state'], ['pending', 'pending'], ['delivered', 'delivered'], ['failed', 'given up'],
  ['skipped', 'skipped (older than maxAge)']];

function deliveryRow(d) {
  // a skipped delivery was never attempted: it has no answer to show, and "again" would be wrong
  const answer = d.state === 'skipped' ? '<span class="muted">not sent: older than the hook\'s maxAge</span>'
    : `${d.lastStatus ?? '–'}${d.lastError ? ` <span class="muted">${esc(d.lastError)}</span>` : ''}`;
  return `<tr data-event="${esc(d.eventId)}" class="delivery-${esc(d.state)}">
    <td>${time(d.createdAt)}</td><td>${esc(d.type.replace(/^dev\.vigil\./, ''))}</td><td>${esc(d.state)}</td>
    <td class="n">${d.attempts}</td><td>${answer}</td>
    <td>${d.state === 'pending' ? time(d.nextAttemptAt) : d.state === 'delivered' ? time(d.deliveredAt) : '–'}</td>
    <td>${d.state === 'pending' ? '' : `<button type="button" data-retry="${esc(d.eventId)}">${d.state === 'skipped' ? 'Send' : 'Send again'}</button>`}</td></tr>`;
}

function deliveriesHtml(hook, list, state) {
  const filter = `<div class="filters"><label>state <select id="hook-delivery-state">${STATES.map(([v, label]) =>
    `<option value="${v}"${v === state ? ' selected' : ''}>${esc(label)}</option>`).join('')}</select></label></div>`;
  const title = `<h2>Deliveries of “${user(hook.name)}”</h2>${filter}`;
  if (list.length === 0) {
    return title + (state ? message('empty', `No ${state === 'failed' ? 'given-up' : state} deliveries`, 'None of this hook\'s recent deliveries is in this state.')
      : message('empty', 'No deliveries', 'No event has been handed to this hook yet (a hook receives the events written after it was created).'));
  }
  return `${title}
    <div class="scroll"><table class="grid" id="hook-deliveries"><thead><tr><th>written</th><th>event</th><th>state</th><th>attempts</th>
      <th>last answer</th><th>next attempt / delivered</th><th></th></tr></thead><tbody>${list.map(deliveryRow).join('')}</tbody></table></div>`;
}

export async function renderHooks(view) {
  let hooks;
  try {
    hooks = await get(HOOKS);
  } catch (e) {
    if (e.status === 401 || e.status === 403) e.role = 'admin';
    throw e;
  }
  view.innerHTML = `<h1>Hooks</h1>
    <p class="muted">HTTP endpoints (signed CloudEvents, or a chat line) and mail addresses (<code>mailto:</code>) that
      receive the alerts topic's events, retried with back-off until they take them (about 11 hours of attempts). A new
      hook receives the events written after it; one with a max age skips, and counts, the alerts about older windows
      (a backfill's), which can still be sent from its deliveries.</p>
    ${hooks.length === 0 ? message('empty', 'No hooks', 'Events go to the Kafka topic only.') : `
    <div class="scroll"><table class="grid" id="hooks"><thead><tr><th>name</th><th>URL</th><th>receives</th><th>pending</th><th>given up</th><th>skipped</th><th></th></tr></thead>
      <tbody>${hooks.map(row).join('')}</tbody></table></div>`}
    <div id="hook-secret-box"></div>
    <p id="hook-result" class="muted"></p>
    <div id="hook-deliveries-box"></div>
    <h2 id="hook-form-title">New hook</h2>
    <form id="hook-form" class="rule-form" autocomplete="off">${FIELDS}
      <div class="wide"><button type="submit">Save hook</button> <button type="button" id="hook-new">New</button>
      <span id="hook-form-result" class="muted"></span></div></form>`;
  const form = view.querySelector('#hook-form');
  const result = view.querySelector('#hook-result');
  const formResult = view.querySelector('#hook-form-result');
  const byId = id => hooks.find(h => String(h.id) === String(id));
  let editing = null;
  // A hook deleted elsewhere (another tab, another admin, the API) answers 404 "no hook <id>", an id the page never
  // shows: say so by its name and show the list as it is now.
  const whenGone = async (id, e) => {
    if (e.status !== 404 || !byId(id)) return false;
    try {
      await get(`${HOOKS}/${id}`);
      return false; // the hook is there: the 404 was about something else (a delivery)
    } catch (again) {
      if (again.status !== 404) return false;
    }
    const name = byId(id).name;
    await renderHooks(view);
    const r = view.querySelector('#hook-result');
    r.textContent = `The hook “${name}” no longer exists: it was deleted elsewhere. The list shows the hooks as they are now.`;
    r.dataset.state = 'error';
    return true;
  };
  const act = (selector, handler) => view.querySelectorAll(selector).forEach(b => b.addEventListener('click', async () => {
    result.textContent = '';
    delete result.dataset.state;
    try {
      await handler(b);
    } catch (e) {
      const row = b.closest('tr[data-id]');
      if (row && await whenGone(row.dataset.id, e)) return;
      refusal(result, e, 'admin');
    }
  }));
  act('button[data-test]', async b => {
    // a sample of a type shows what the hook's format or template makes of a real event of that type
    const type = view.querySelector(`select[data-test-type="${b.dataset.test}"]`).value;
    const what = type ? `Sample ${type.replace(/^dev\.vigil\./, '')} event` : 'Test event';
    // named: with several hooks, a line of one test would read as the answer of another
    const to = `to “${user(byId(b.dataset.test).name)}”`;
    result.innerHTML = `sending: ${esc(what.toLowerCase())} ${to}…`;
    const t = await send('POST', `${HOOKS}/${b.dataset.test}/test${type ? `?type=${encodeURIComponent(type)}` : ''}`);
    result.innerHTML = t.delivered ? `${esc(what)} ${to} delivered: ${esc(t.status)} in ${esc(t.millis)} ms.`
      : `${esc(what)} ${to} not delivered: ${esc(t.error)} (${esc(t.millis)} ms).`;
    result.dataset.state = t.delivered ? 'delivered' : 'error';
  });
  const showDeliveries = async (id, state = '') => {
    const list = await get(`${HOOKS}/${id}/deliveries`, { limit: 50, state });
    const box = view.querySelector('#hook-deliveries-box');
    box.innerHTML = deliveriesHtml(byId(id), list, state);
    const failed = async e => {
      if (await whenGone(id, e)) return;
      refusal(result, e, 'admin');
    };
    box.querySelector('#hook-delivery-state').addEventListener('change', async ev => {
      try {
        await showDeliveries(id, ev.target.value);
      } catch (e) {
        await failed(e);
      }
    });
    box.querySelectorAll('button[data-retry]').forEach(b => b.addEventListener('click', async () => {
      try {
        const d = await send('POST', `${HOOKS}/${id}/deliveries/${b.dataset.retry}/retry`);
        await showDeliveries(id, state);
        // under a state filter the row may leave the list: say what became of it
        result.textContent = `${d.type.replace(/^dev\.vigil\./, '')} event ${d.eventId}: ${d.state}, sent from its first attempt.`;
        result.dataset.state = 'retried';
      } catch (e) {
        await failed(e);
      }
    }));
  };
  act('button[data-deliveries]', b => showDeliveries(b.dataset.deliveries));
  act('button[data-skipped]', b => showDeliveries(b.dataset.skipped, 'skipped'));
  act('button[data-secret]', async b => {
    if (!confirm(`Give “${byId(b.dataset.secret).name}” a new secret? Its receiver must take the new one at once.`)) return;
    const w = await send('POST', `${HOOKS}/${b.dataset.secret}/secret`);
    view.querySelector('#hook-secret-box').innerHTML = secretHtml(w.hook, w.secret);
  });
  act('button[data-delete]', async b => {
    // read again: the pending count as it is now (and a hook deleted meanwhile is said to be gone)
    const h = await get(`${HOOKS}/${b.dataset.delete}`);
    const pending = h.pending === 0 ? 'It has no pending deliveries.'
      : `Its ${int(h.pending)} pending ${h.pending === 1 ? 'delivery is' : 'deliveries are'} deleted and not sent, except any a sender has already taken, which may still arrive.`;
    if (!confirm(`Delete the hook “${h.name}” and its deliveries? ${pending}`)) return;
    await send('DELETE', `${HOOKS}/${h.id}`);
    await renderHooks(view);
    const r = view.querySelector('#hook-result');
    r.textContent = `Deleted the hook “${h.name}”${h.pending === 0 ? '.' : ` with ${int(h.pending)} pending ${h.pending === 1 ? 'delivery' : 'deliveries'}; any a sender had already taken may still arrive.`}`;
    r.dataset.state = 'deleted';
  });
  act('button[data-edit]', async b => {
    editing = byId(b.dataset.edit);
    view.querySelector('#hook-form-title').textContent = `Edit hook “${editing.name}”`;
    fillForm(form, editing);
    form.scrollIntoView();
  });
  view.querySelector('#hook-new').addEventListener('click', () => {
    editing = null;
    view.querySelector('#hook-form-title').textContent = 'New hook';
    fillForm(form, {});
  });
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    form.querySelectorAll('.invalid').forEach(el => el.classList.remove('invalid'));
    formResult.textContent = 'saving…';
    try {
      if (editing) {
        await send('PUT', `${HOOKS}/${editing.id}`, readForm(form));
        await renderHooks(view);
        view.querySelector('#hook-result').textContent = 'Saved.';
      } else {
        const w = await send('POST', HOOKS, readForm(form));
        await renderHooks(view);
        view.querySelector('#hook-secret-box').innerHTML = secretHtml(w.hook, w.secret);
      }
    } catch (e) {
      if (editing && await whenGone(editing.id, e)) return;
      refusal(formResult, e, 'admin', () => form.requestSubmit());
      const field = e.field && form.elements[e.field.split(/[.[]/)[0]];
      if (field && field.classList) field.classList.add('invalid');
      else if (e.field && e.field.startsWith('types')) form.querySelector('fieldset.types').classList.add('invalid');
    }
  });
  return null;
}
