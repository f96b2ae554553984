// Formatting and small DOM helpers shared by the views.
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function num(value, digits = 3) {
  if (value === null || value === undefined) return '–';
  const n = Number(value);
  if (!Number.isFinite(n)) return '–';
  return Math.abs(n) >= 1e5 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential(2) : String(+n.toFixed(digits));
}

export function int(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString('en');
}

/** UTC, because windows are aligned to UTC and operators compare with logs. */
export function time(iso) {
  return iso ? iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC') : '–';
}

export function severityClass(severity) {
  return severity >= 0.8 ? 'sev-high' : severity >= 0.5 ? 'sev-mid' : 'sev-low';
}

export function severityBadge(severity) {
  return `<span class="sev ${severityClass(severity)}">${num(severity, 2)}</span>`;
}

export function message(kind, title, detail = '') {
  return `<div class="state state-${kind}" data-state="${kind}"><h2>${esc(title)}</h2>${detail ? `<p>${detail}</p>` : ''}</div>`;
}

/**
 * An action's error in `el`. A key the API refused for the action (401, 403: a read-only key on Save) gets a button
 * that asks for another key, so the user need not forget the one that reads the page; `retry` tries the action again
 * with it.
 */
export function actionError(el, e, role = 'operate', retry = null) {
  el.textContent = e.message;
  if (e.status !== 401 && e.status !== 403) return;
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'use-key';
  b.textContent = 'Use another key';
  b.addEventListener('click', () => window.dispatchEvent(new CustomEvent('vigil:ask-key', { detail: { role, retry } })));
  el.append(' ', b);
}

/**
 * A refusal as the API words it: its machine-readable code (InvalidHook, InvalidAggregation), then its message, as
 * actionError shows it; the code is what an operator searches the README and logs for.
 */
export function refusal(el, e, role = 'operate', retry = null) {
  actionError(el, e, role, retry);
  if (e.code) {
    const code = document.createElement('code');
    code.textContent = e.code;
    el.prepend(code, ' ');
  }
  el.dataset.state = 'error';
}

// Characters that reorder the text around them (U+202E turns "gpj.exe" into "exe.jpg"): shown as their code.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * User-supplied text (a key, a dimension, a name, a comment) isolated from the text around it: right-to-left
 * values keep their order and "host=" its place, and a direction control shows as its code instead of acting.
 */
export function user(value) {
  const text = esc(value).replace(BIDI_CONTROLS, c => `[U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
  return `<bdi>${text}</bdi>`;
}

/** A dimension as key=value, each side isolated. */
export function dim(key, value) {
  return `<span class="dim">${user(key)}=${user(value)}</span>`;
}
