// Fetches the read API. Every failure becomes an ApiError whose message a view can show as it is.
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

// The read API's key, when it asks for one: kept for this browser tab only (sessionStorage), never in a cookie, so
// no other site can make the browser send it.
const KEY = 'vigil.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

// The current page's requests: the router aborts them when the user navigates elsewhere.
let signal = null;

export function setSignal(s) {
  signal = s;
}

export async function get(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const url = query.toString() ? `${path}?${query}` : path;
  let response;
  try {
    const headers = { Accept: 'application/json' };
    if (apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
    response = await fetch(url, { headers, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw new ApiError('The page changed before this answer came.', 0);
    throw new ApiError('Vigil is not reachable: the backend is down or the network failed.', 0);
  }
  if (response.ok) {
    return response.json();
  }
  let message = `${response.status} ${response.statusText}`;
  let field;
  try {
    const body = await response.json();
    if (body && body.message) message = body.message;
    field = body && body.field;
  } catch (ignored) {
    // not every error has a JSON body (404s do not)
  }
  const error = new ApiError(message, response.status);
  error.field = field;
  throw error;
}

// Sends JSON to a non-GET endpoint (feedback, alert rules); errors as for get(), with the error body's field.
export async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError('Vigil is not reachable: the backend is down or the network failed.', 0);
  }
  const json = await response.json().catch(() => null);
  if (response.ok) return json;
  const error = new ApiError(json && json.message ? json.message : `${response.status} ${response.statusText}`, response.status);
  error.field = json && json.field;
  throw error;
}

export function post(path, body) {
  return send('POST', path, body);
}
