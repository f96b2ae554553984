// Text fields that hold lists and pairs (a rule's dimensions, a hook's rule names) must give back exactly what they
// were filled with, whatever a name or value holds. A plain word is taken as written; one that holds a separator, a
// quote or edge spaces, or is empty, is written as a JSON string ("x, y=z"), which reads back any text.

/** A syntax error of a text field, shown on that field as the API's errors are. */
export class FieldError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** The text as written, or JSON-quoted when a plain word could be misread (`special` matches such a character). */
export function quote(text, special = /[,="\\\n\r\t]/) {
  const s = String(text);
  return s === '' || s !== s.trim() || special.test(s) || /[\u0000-\u001f\u2028\u2029]/.test(s) ? JSON.stringify(s) : s;
}

/** The JSON string literal starting at text[i] (a `"`): its value and the index after it. */
export function quoted(text, i, field) {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
  if (j >= text.length) throw new FieldError(field, `${field}: a quote opened at “${text.slice(i, i + 20)}” is not closed`);
  try {
    return { value: JSON.parse(text.slice(i, j + 1)), end: j + 1 };
  } catch (e) {
    throw new FieldError(field, `${field}: ${text.slice(i, j + 1)} is not a valid quoted text (\\" \\\\ \\n \\uXXXX)`);
  }
}

/**
 * Reads "a, b c, "d, e"" into items split at `stops` characters outside quotes: returns the items and, for each, the
 * character that ended it. A plain item is trimmed; a quoted one is taken exactly.
 */
function items(text, stops, field) {
  const out = [];
  let i = 0;
  while (i <= text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    let value;
    const isQuoted = text[i] === '"';
    if (isQuoted) {
      const q = quoted(text, i, field);
      value = q.value;
      i = q.end;
      while (i < text.length && /\s/.test(text[i])) i++;
      if (i < text.length && !stops.includes(text[i])) {
        throw new FieldError(field, `${field}: text after a quoted value (“${text.slice(i, i + 20)}”): quote the whole value`);
      }
    } else {
      let j = i;
      while (j < text.length && !stops.includes(text[j])) j++;
      value = text.slice(i, j).trim();
      i = j;
    }
    out.push({ value, stop: text[i], isQuoted });
    i++;
  }
  return out;
}

/** "a, "b, c"" as ["a", "b, c"]; empty items are dropped. */
export function readList(text, field) {
  return items(text, [','], field).filter(x => x.value !== '' || x.isQuoted).map(x => x.value);
}

export function listText(values) {
  return values.map(v => quote(v)).join(', ');
}

/** "region=north, host="x, y=z"" as {region: "north", host: "x, y=z"}. */
export function readPairs(text, field) {
  const parts = items(text, [',', '='], field);
  const pairs = [];
  for (let k = 0; k < parts.length; k++) {
    const key = parts[k];
    if (key.stop === '=') {
      const value = parts[++k];
      if (!value || value.stop === '=') throw new FieldError(field, `${field}: “${key.value}” has two “=”: quote its value`);
      pairs.push([key.value, value.value]);
    } else if (key.value !== '' || key.isQuoted) {
      pairs.push([key.value, '']);
    }
  }
  return Object.fromEntries(pairs);
}

export function pairsText(pairs) {
  return Object.entries(pairs || {}).map(([k, v]) => `${quote(k)}=${quote(v)}`).join(', ');
}
