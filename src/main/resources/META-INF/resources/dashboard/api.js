// Fetches the read API. Every failure becomes an ApiError whose message a view can show as it is.
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export async function get(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const url = query.toString() ? `${path}?${query}` : path;
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError('Vigil is not reachable: the backend is down or the network failed.', 0);
  }
  if (response.ok) {
    return response.json();
  }
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.message) message = body.message;
  } catch (ignored) {
    // not every error has a JSON body (404s do not)
  }
  throw new ApiError(message, response.status);
}
