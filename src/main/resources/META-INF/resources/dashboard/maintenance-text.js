// A rule's maintenance entries as the form's lines (README "Recurring maintenance windows"):
//   2026-12-06T01:00:00Z 2026-12-06T05:00:00Z feeder works
//   every day|saturday,sunday HH:mm-HH:mm [zone] [from=…] [to=…] [comment]
// The comment is the rest of the line as written, or one JSON string ("line one\nline two") when the plain text
// would be misread: a line break, edge spaces, a leading quote, or a first word that reads as a zone or from=/to=.
// The form writes every stored entry so that reading it back gives the same entry.
import { quoted } from './form-text.js';

// Java's ZoneId takes these besides region ids: Z, +01:00, UTC+1, GMT-05:30, UT.
const OFFSET_ZONE = /^(Z|[+-]\d{1,2}(:?\d{2}){0,2}|(UTC|GMT|UT)([+-]\d{1,2}(:?\d{2}){0,2})?)$/;

/** A word that names a time zone: a region (Europe/Berlin, EST, CET), UTC/GMT or an offset. */
export function isZone(word) {
  if (OFFSET_ZONE.test(word) || /^[A-Za-z][\w+-]*\/[\w+/-]+$/.test(word)) return true;
  if (!/^[A-Z][\w+-]*$/.test(word)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: word });
    return true;
  } catch (e) {
    return false;
  }
}

/** The comment: the rest of the line, or the one JSON string it is. */
function comment(rest, field) {
  if (rest.startsWith('"')) {
    try {
      const q = quoted(rest, 0, field);
      if (q.end === rest.length) return q.value;
    } catch (ignored) {
      // not one quoted text: the comment is the line as written
    }
  }
  return rest;
}

/** One line of the field as an entry of the API's maintenance list; the API names the field of a line it refuses. */
export function readMaintenance(line, field = 'maintenance') {
  let rest = line.trim();
  const word = () => {
    const m = /^(\S+)\s*/.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    return m[1];
  };
  const peek = () => /^\S+/.exec(rest)?.[0];
  const entry = {};
  if (peek() !== 'every') {
    entry.from = word();
    entry.to = word();
  } else {
    word();
    const days = word() || '';
    if (days === 'day') entry.every = 'day';
    else Object.assign(entry, { every: 'week', days: days.split(',').filter(Boolean) });
    const [start, end] = (word() || '').split('-');
    Object.assign(entry, { start, end });
    if (peek() && isZone(peek())) entry.timeZone = word();
    for (const key of ['from', 'to']) {
      if (peek()?.startsWith(`${key}=`)) entry[key] = word().slice(key.length + 1);
    }
  }
  if (rest) entry.comment = comment(rest, field);
  return entry;
}

/** Every line of the field (a quoted comment holds its line breaks as \n, so a line is one entry). */
export function readMaintenanceText(text, field = 'maintenance') {
  return text.split(/\r?\n/).map(l => l.trim()).filter(Boolean).map(l => readMaintenance(l, field));
}

const FIELDS = ['from', 'to', 'every', 'days', 'start', 'end', 'timeZone', 'comment'];

function same(a, b) {
  return FIELDS.every(k => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));
}

/** The line of a stored entry: its comment is quoted when the plain text would not read back as it is. */
export function maintenanceLine(m) {
  const head = (!m.every ? [m.from, m.to]
    : ['every', m.every === 'day' ? 'day' : (m.days || []).join(','), `${m.start}-${m.end}`, m.timeZone,
      m.from ? `from=${m.from}` : '', m.to ? `to=${m.to}` : '']).filter(Boolean).join(' ');
  if (m.comment === null || m.comment === undefined) return head;
  const plain = `${head} ${m.comment}`;
  if (!/[\r\n\u2028\u2029]/.test(m.comment) && same(readMaintenance(plain), m)) return plain;
  return `${head} ${JSON.stringify(m.comment)}`;
}
