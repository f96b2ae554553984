// Feedback buttons: the same three verdicts on an anomaly, an incident, a range of a series or a group entity's anomaly
// (POST /api/v1/feedback), with the feedback already given on the same target (GET /api/v1/feedback).
import { get, send } from './api.js';
import { esc, num, time, user, actionError } from './format.js';

const KINDS = [
  ['notAnomaly', 'Not an anomaly', 'later anomalies of this size at this time of day will not alert'],
  ['anomaly', 'Confirm anomaly', 'kept as a label'],
  ['changePoint', 'New normal', 'the series is re-based to its new level from here'],
];

/** On a group entity: its pattern is of contributors and score, and a new normal needs retraining. */
export const GROUP_KINDS = [
  ['notAnomaly', 'Not an anomaly', 'later anomalies led by the same variables, not clearly stronger, at this time of day will not alert'],
  ['anomaly', 'Confirm anomaly', 'kept as a label'],
  ['changePoint', 'New normal', 'kept as a label: retrain the group to learn the new normal'],
];

/** The buttons' HTML; wire them with wireFeedback once inserted. */
export function feedbackButtons(kinds = KINDS) {
  return `<div class="feedback" id="feedback">
    <input id="feedback-comment" type="text" maxlength="1000" placeholder="comment (optional)" aria-label="comment">
    ${kinds.map(([kind, label, hint]) => `<button type="button" data-kind="${kind}" title="${esc(hint)}">${esc(label)}</button>`).join('')}
    <span id="feedback-result" class="muted" role="status"></span></div>
    <p id="feedback-given" class="muted" hidden></p>`;
}

// The stored rows of a target: those of the incident; for a window, every row whose span holds it; for a range, the
// rows of exactly that range.
async function given(target) {
  const query = target.incidentId ? { incidentId: target.incidentId }
    : target.group ? { group: target.group, entityId: target.entityId } : { seriesId: target.seriesId };
  const rows = await get('/api/v1/feedback', { ...query, limit: 1000 });
  if (target.incidentId) return rows;
  const t = Date.parse;
  if (target.windowStart) return rows.filter(r => t(r.from) <= t(target.windowStart) && t(target.windowStart) < t(r.to));
  return rows.filter(r => t(r.from) === t(target.from) && t(r.to) === t(target.to));
}

// One line per act of feedback (an incident's is stored once per series and entity): kind, who, when, comment.
function givenText(rows) {
  const acts = new Map();
  rows.forEach(r => {
    const key = JSON.stringify([r.kind, r.givenBy, r.comment, r.createdAt.slice(0, 19), r.incidentId]);
    const act = acts.get(key) || { ...r, count: 0, ids: [] };
    act.count++;
    act.ids.push(r.id);
    acts.set(key, act);
  });
  return [...acts.values()].map(a => `<b>${esc(a.kind)}</b> by ${user(a.givenBy)} at ${time(a.createdAt)}`
    + (a.count > 1 ? ` (${a.count} rows)` : '') + (a.incidentId ? ' on its incident' : '')
    + (a.comment ? `: “${user(a.comment)}”` : '')
    + ` <button type="button" class="link" data-withdraw="${esc(a.ids.join(','))}" title="${a.kind === 'changePoint'
      ? 'the re-base stays: give another New normal to move it' : 'its pattern stops dismissing anomalies'}">withdraw</button>`)
    .join('; ');
}

// Withdraws every row of one act (an incident's is a row per series and entity), then shows what is left.
async function withdraw(root, target, ids) {
  const result = root.querySelector('#feedback-result');
  if (!window.confirm('Withdraw this feedback?')) return;
  try {
    for (const id of ids) {
      try {
        await send('DELETE', `/api/v1/feedback/${encodeURIComponent(id)}`);
      } catch (e) {
        if (e.status !== 404) throw e; // withdrawn meanwhile
      }
    }
    result.textContent = 'Withdrawn.';
    result.dataset.sent = 'withdrawn';
  } catch (e) {
    actionError(result, e);
  }
  showGiven(root, target);
}

async function showGiven(root, target) {
  const box = root.querySelector('#feedback-given');
  let rows;
  try {
    rows = await given(target);
  } catch (e) {
    return; // the buttons work without it
  }
  if (!box.isConnected) return;
  box.hidden = rows.length === 0;
  box.innerHTML = rows.length === 0 ? '' : `Feedback already given: ${givenText(rows)}.`;
  box.querySelectorAll('[data-withdraw]').forEach(b => b.addEventListener('click',
    () => withdraw(root, target, b.dataset.withdraw.split(','))));
}

/**
 * Sends {kind, comment, ...target} on a click and says what happened. The buttons stay disabled while a request is
 * in flight: a double click stores feedback once.
 */
export function wireFeedback(root, target) {
  const result = root.querySelector('#feedback-result');
  const buttons = [...root.querySelectorAll('#feedback button[data-kind]')];
  showGiven(root, target);
  buttons.forEach(b => b.addEventListener('click', async () => {
    if (buttons.some(x => x.disabled)) return;
    const comment = root.querySelector('#feedback-comment').value.trim();
    buttons.forEach(x => { x.disabled = true; });
    result.textContent = 'sending…';
    try {
      const { status, body: rows } = await send('POST', '/api/v1/feedback',
        { ...target, kind: b.dataset.kind, comment: comment || undefined }, { withStatus: true });
      const delta = rows.find(r => r.rebaseDelta !== null && r.rebaseDelta !== undefined);
      const entities = rows.filter(r => r.group).length;
      const targets = [rows.length - entities ? `${rows.length - entities} series` : '',
        entities ? `${entities} group ${entities === 1 ? 'entity' : 'entities'}` : ''].filter(Boolean).join(' and ');
      // 200: the same act was stored before (a repeat stores nothing), so say so rather than "Recorded"
      const said = status === 200 ? 'Already recorded:' : 'Recorded';
      result.textContent = `${said} ${b.dataset.kind} for ${targets} as ${rows[0].givenBy}`
        + (delta ? `; re-based by ${num(delta.rebaseDelta)}` : '') + '.';
      result.dataset.sent = b.dataset.kind;
      showGiven(root, target);
    } catch (e) {
      actionError(result, e);
      result.dataset.sent = 'error';
    } finally {
      buttons.forEach(x => { x.disabled = false; });
    }
  }));
}
