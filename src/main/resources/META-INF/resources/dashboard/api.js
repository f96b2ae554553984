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

// How long a request may go unanswered before the page says so: a hung backend (a stopped process, a stuck proxy)
// would otherwise leave "Loading…" on screen forever.
export const TIMEOUT_MS = 15000;

/**
 * fetch bound by `timeout`, and aborted when any of `signals` is (the page's when the user moves on, an action's own).
 * Resolves to the response and its JSON body (null when there is none); a failure is an ApiError: status 0, and
 * `unanswered` set when the bound passed.
 */
async function request(url, init, signals, timeout) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeout);
  const stop = () => controller.abort();
  signals.filter(Boolean).forEach(s => (s.aborted ? stop() : s.addEventListener('abort', stop, { once: true })));
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    const json = await response.json().catch(e => {
      if (e.name === 'AbortError') throw e;
      return null; // not every answer has a JSON body (404s do not)
    });
    return { response, json };
  } catch (e) {
    if (timedOut) {
      const error = new ApiError(`Vigil is not answering (waited ${Math.round(timeout / 1000)} s).`, 0);
      error.unanswered = true;
      throw error;
    }
    if (e.name === 'AbortError') {
      const error = new ApiError('The page changed before this answer came.', 0);
      error.aborted = true;
      throw error;
    }
    throw new ApiError('Vigil is not reachable: the backend is down or the network failed.', 0);
  } finally {
    clearTimeout(timer);
  }
}

function failure(response, json) {
  const error = new ApiError(json && json.message ? json.message : `${response.status} ${response.statusText}`, response.status);
  error.field = json && json.field;
  // the machine-readable code (UnknownMetric, InvalidAggregation), for views that show it beside the message
  error.code = json && json.code;
  return error;
}

export async function get(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const url = query.toString() ? `${path}?${query}` : path;
  const headers = { Accept: 'application/json' };
  if (apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
  const { response, json } = await request(url, { headers }, [signal], TIMEOUT_MS);
  if (response.ok) return json;
  throw failure(response, json);
}

/**
 * Sends JSON to a non-GET endpoint (feedback, alert rules); errors as for get(), with the error body's field. A save
 * is not given up when the user moves on (it may have been stored already); `options.signal` aborts it, `options.page`
 * ties it to the page as get() is, and `options.timeout` bounds it (a minute by default: a hook's test waits for the
 * endpoint). `options.withStatus` resolves to {status, body} instead of the body, for answers whose success status
 * means something (feedback: 201 stored, 200 a repeat of what was stored).
 */
export async function send(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const { response, json } = await request(path, init, [options.signal, options.page ? signal : null],
    options.timeout || 60000);
  if (response.ok) return options.withStatus ? { status: response.status, body: json } : json;
  throw failure(response, json);
}

export function post(path, body) {
  return send('POST', path, body);
}
