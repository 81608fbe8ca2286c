// The controller's REST API (spec §12) with the token kept in this tab's session storage.

const TOKEN_KEY = 'orbital.apiToken';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** A failed call, in words: `field` and `reason` are set for a 400 that names a field. */
export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.field = body && typeof body.field === 'string' ? body.field : null;
    this.reason = body && typeof body.reason === 'string' ? body.reason : null;
  }
}

function describe(status, body) {
  const said = body && typeof body.error === 'string' ? body.error : null;
  switch (status) {
    case 0: return said || 'The controller cannot be reached.';
    case 400: return body && body.reason ? capitalize(body.reason) : (said || 'The controller refused the request.');
    case 401: return 'The controller refused the API token.';
    case 404: return 'Not found: it may have been deleted meanwhile.';
    case 503: return said ? capitalize(said) : 'The controller\'s store is unavailable; try again shortly.';
    default: return said ? `${capitalize(said)} (HTTP ${status})` : `The controller answered HTTP ${status}.`;
  }
}

export function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Calls the API; resolves to the parsed JSON body, rejects with an ApiError. */
export async function api(method, path, body, authToken = token()) {
  const headers = { 'X-ZT1-Auth': authToken || '' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, { error: `The controller cannot be reached (${e.message}).` });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}
