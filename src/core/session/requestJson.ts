import type { ChatOptions } from './ChatOptions';
import type { LazySessionKit } from './LazySessionKit';

/**
 * A JSON request with the session's fetch, headers and credentials; non-2xx is an
 * `http_error` (404 too, unless `allowNotFound`: a route the server does not have; a
 * chatwire server's 404 `conversation_not_found` is an error all the same). Internal; in the
 * lazy session chunk (errors come from `kit`).
 */
export async function requestJson(
  kit: Pick<LazySessionKit, 'createHttpError' | 'createNetworkError'>,
  options: Pick<ChatOptions, 'fetch' | 'headers' | 'credentials'>,
  url: string,
  init: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown; signal?: AbortSignal; allowNotFound?: boolean },
): Promise<{ status: number; json: unknown }> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const given = typeof options.headers === 'function' ? await options.headers() : options.headers;
  const headers = new Headers(given);
  headers.set('accept', 'application/json');
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  let response: Response;
  try {
    const requestInit: RequestInit = { method: init.method, headers };
    if (init.body !== undefined) requestInit.body = JSON.stringify(init.body);
    if (options.credentials !== undefined) requestInit.credentials = options.credentials;
    if (init.signal !== undefined) requestInit.signal = init.signal;
    response = await fetchFn(url, requestInit);
  } catch (e) {
    if (init.signal?.aborted) throw e;
    throw kit.createNetworkError(e, url);
  }
  const text = await response.text();
  const noRoute = response.status === 404 && init.allowNotFound === true && !/"code"\s*:\s*"conversation_not_found"/.test(text);
  if (!response.ok && !noRoute) {
    throw kit.createHttpError({ status: response.status, statusText: response.statusText, url, bodyText: text });
  }
  if (response.status === 404 || response.status === 204 || text.trim() === '') return { status: response.status, json: null };
  try {
    return { status: response.status, json: JSON.parse(text) as unknown };
  } catch (e) {
    throw kit.createNetworkError(e, url, `Expected JSON from ${init.method} but received "${text.slice(0, 80)}"`);
  }
}
