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
