import type { ConnectSSEOptions } from './ConnectSSEOptions';

/**
 * Internal: the fetch init for one request of {@link connectSSE}. Headers are resolved
 * per request (a function may refresh a token). GETs carry `Last-Event-ID` when it is not
 * empty; the POST carries the JSON body.
 */
export async function requestInit(
  options: ConnectSSEOptions,
  get: boolean,
  lastEventId: string,
  signal: AbortSignal,
): Promise<RequestInit> {
  const given = typeof options.headers === 'function' ? await options.headers() : options.headers;
  const headers = new Headers(given);
  if (!headers.has('accept')) {
    headers.set('accept', options.framing === 'lines' ? 'text/plain, */*' : 'text/event-stream');
  }
  const init: RequestInit = { method: get ? 'GET' : (options.method ?? 'GET'), headers, signal };
  if (options.credentials) init.credentials = options.credentials;
  if (get) {
    if (lastEventId !== '') headers.set('last-event-id', lastEventId);
  } else if (options.body !== undefined) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    init.body = JSON.stringify(options.body);
  }
  return init;
}
