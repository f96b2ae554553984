// Feedback buttons: the same three verdicts on an anomaly, an incident, a range of a series or a group entity's anomaly
// (POST /api/v1/feedback).
import { post } from './api.js';
import { esc, num } from './format.js';

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
    <span id="feedback-result" class="muted"></span></div>`;
}

/** Sends {kind, comment, ...target} on a click and says what happened. */
export function wireFeedback(root, target) {
  const result = root.querySelector('#feedback-result');
  root.querySelectorAll('#feedback button[data-kind]').forEach(b => b.addEventListener('click', async () => {
    const comment = root.querySelector('#feedback-comment').value.trim();
    result.textContent = 'sending…';
    try {
      const rows = await post('/api/v1/feedback', { ...target, kind: b.dataset.kind, comment: comment || undefined });
      const delta = rows.find(r => r.rebaseDelta !== null && r.rebaseDelta !== undefined);
      const entities = rows.filter(r => r.group).length;
      const targets = [rows.length - entities ? `${rows.length - entities} series` : '',
        entities ? `${entities} group ${entities === 1 ? 'entity' : 'entities'}` : ''].filter(Boolean).join(' and ');
      result.textContent = `Recorded ${b.dataset.kind} for ${targets} as ${rows[0].givenBy}`
        + (delta ? `; re-based by ${num(delta.rebaseDelta)}` : '') + '.';
      result.dataset.sent = b.dataset.kind;
    } catch (e) {
      result.textContent = e.message;
      result.dataset.sent = 'error';
    }
  }));
}
