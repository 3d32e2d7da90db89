/** job-service's REST API (/api/v1) with a bearer token; failures become ApiError with the problem details. */

export class ApiError extends Error {
  /**
   * @param {number} status  the HTTP status, 0 when the server could not be reached
   * @param {object} problem RFC 9457 problem details: title, status, detail, errors [{field, message}]
   */
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }

  get title() {
    return this.problem.title || (this.status ? `HTTP ${this.status}` : 'Network error');
  }
}

export class Api {
  /**
   * @param {() => string|null} token        the current token
   * @param {(e: ApiError) => void} onUnauthorized called when the server refuses the token (401)
   */
  constructor(token, onUnauthorized) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  /** Answers {status, data, etag}; throws ApiError for a status of 400 and above. */
  async request(method, path, {query, body, headers = {}, contentType = 'application/json', token} = {}) {
    const url = new URL(`api/v1${path}`, document.baseURI);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== null && value !== undefined && value !== '') {
        url.searchParams.set(key, value);
      }
    }
    const init = {
      method,
      headers: {Accept: 'application/json, application/problem+json', ...headers},
      cache: 'no-store',
    };
    const bearer = token ?? this.token();
    if (bearer) {
      init.headers.Authorization = `Bearer ${bearer}`;
    }
    if (body !== undefined) {
      init.headers['Content-Type'] = contentType;
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (e) {
      throw new ApiError(0, {title: 'Network error', detail: `The server could not be reached (${e.message}).`});
    }
    const type = response.headers.get('Content-Type') ?? '';
    let data = null;
    if (response.status !== 204) {
      const text = await response.text();
      if (text && type.includes('json')) {
        try {
          data = JSON.parse(text);
        } catch {
          data = null;
        }
      } else if (text) {
        data = {detail: text};
      }
    }
    if (!response.ok) {
      const error = new ApiError(response.status, {title: response.statusText, status: response.status, ...data});
      if (response.status === 401 && token === undefined) {
        this.onUnauthorized(error);
      }
      throw error;
    }
    return {status: response.status, data, etag: response.headers.get('ETag')};
  }

  async get(path, query, options) {
    return (await this.request('GET', path, {query, ...options})).data;
  }

  /** Every item of a cursor-paged list ({items, nextCursor}), at most `maxPages` pages. */
  async getAll(path, query, maxPages = 50) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < maxPages; page++) {
      const data = await this.get(path, {...query, cursor});
      items.push(...data.items);
      cursor = data.nextCursor;
      if (!cursor) {
        break;
      }
    }
    return items;
  }

  async post(path, body, query, headers) {
    return (await this.request('POST', path, {body, query, headers})).data;
  }
}

/** The URL path of one job, its name escaped. */
export function jobPath(name, rest = '') {
  return `/jobs/${encodeURIComponent(name)}${rest}`;
}
