// Feedback buttons: the same three verdicts on an anomaly, an incident or a range of a series (POST /api/v1/feedback).
import { post } from './api.js';
import { esc, num } from './format.js';

const KINDS = [
  ['notAnomaly', 'Not an anomaly', 'later anomalies of this size at this time of day will not alert'],
  ['anomaly', 'Confirm anomaly', 'kept as a label'],
  ['changePoint', 'New normal', 'the series is re-based to its new level from here'],
];

/** The buttons' HTML; wire them with wireFeedback once inserted. */
export function feedbackButtons() {
  return `<div class="feedback" id="feedback">
    <input id="feedback-comment" type="text" maxlength="1000" placeholder="comment (optional)" aria-label="comment">
    ${KINDS.map(([kind, label, hint]) => `<button type="button" data-kind="${kind}" title="${esc(hint)}">${esc(label)}</button>`).join('')}
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
      result.textContent = `Recorded ${b.dataset.kind} for ${rows.length} series as ${rows[0].givenBy}`
        + (delta ? `; re-based by ${num(delta.rebaseDelta)}` : '') + '.';
      result.dataset.sent = b.dataset.kind;
    } catch (e) {
      result.textContent = e.message;
      result.dataset.sent = 'error';
    }
  }));
}
