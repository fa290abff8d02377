import type { ChatCorsOptions } from './ChatCorsOptions';
import { HttpError } from './HttpError';
import { originMatcher } from './originMatcher';

/** The request headers chatwire's client sends (src/core/sse/requestInit.ts, src/core/session/requestJson.ts). */
export const CLIENT_REQUEST_HEADERS: readonly string[] = ['accept', 'authorization', 'content-type', 'last-event-id'];

/** The response headers chatwire's client reads (and the stream id, for hand-written clients). */
export const EXPOSED_HEADERS: readonly string[] = ['retry-after', 'x-chatwire-conversation-id', 'x-chatwire-stream-id'];

/** What the CORS check decided for one request. */
export interface CorsAccess {
  /** The request's `Origin`, or `null` when it sent none (not a cross-origin browser request). */
  origin: string | null;
  /** The `Access-Control-Allow-Origin` value, or `null` when the origin is not allowed (or absent). */
  allowOrigin: string | null;
}

/** CORS for the chat handler, compiled from {@link ChatCorsOptions}. Internal. */
export interface Cors {
  /** Decides on the request's `Origin` (runs the predicate, which may throw). */
  check(request: Request): Promise<CorsAccess>;
  /** The answer to an `OPTIONS` request on a route answering `method`. */
  preflight(request: Request, method: string, access: CorsAccess): Response;
  /** Adds the CORS headers of `access` to `response` (the same object, or a copy when its headers are immutable). */
  decorate(response: Response, access: CorsAccess): Response;
}

/**
 * Validates `options` (throws on `'*'` with credentials, malformed origins or headers, a
 * bad `maxAge`) and returns the CORS logic. `extraHeaders` are request headers allowed
 * besides the client's and the user's (the fault-injection header in test mode).
 */
// Over 80 lines: option validation followed by the three methods of the returned object, which share the validated settings.
export function createCors(options: ChatCorsOptions, extraHeaders: readonly string[] = []): Cors {
  const matches = originMatcher(options);
  const credentials = options.credentials === true;
  const wildcard = options.origin === '*';
  const maxAge = options.maxAge ?? 600;
  if (!Number.isInteger(maxAge) || maxAge < 0) {
    throw new TypeError(`createChatHandler: cors.maxAge must be a whole number of seconds (0 or more); received ${String(maxAge)}. Leave it out for 600.`);
  }
  for (const name of options.allowHeaders ?? []) {
    if (typeof name !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(name)) {
      throw new TypeError(`createChatHandler: cors.allowHeaders must list header names such as 'x-tenant-id'; received ${JSON.stringify(name)}.`);
    }
  }
  const allowed = [...new Set([...CLIENT_REQUEST_HEADERS, ...extraHeaders, ...(options.allowHeaders ?? [])].map((h) => h.toLowerCase()))];
  const allowedSet = new Set(allowed);

  return {
    async check(request) {
      const origin = request.headers.get('origin');
      if (origin === null) return { origin, allowOrigin: null };
      if (wildcard) return { origin, allowOrigin: '*' };
      return { origin, allowOrigin: (await matches(origin, request)) ? origin : null };
    },

    preflight(request, method, access) {
      if (access.origin === null) {
        // A plain OPTIONS (no browser preflight): say what the route answers.
        return new Response(null, { status: 204, headers: { Allow: `${method}, OPTIONS` } });
      }
      if (access.allowOrigin === null) {
        throw new HttpError(
          403,
          'cors_origin_not_allowed',
          `Origin ${access.origin} may not call this chat server: cors.origin does not allow it. To allow it, add '${access.origin}' to the cors.origin option of createChatHandler.`,
        );
      }
      const wanted = request.headers.get('access-control-request-method');
      if (wanted !== null && wanted.toUpperCase() !== method) {
        throw new HttpError(405, 'method_not_allowed', `This route answers ${method}, not ${wanted}.`, undefined, { Allow: `${method}, OPTIONS` });
      }
      const asked = (request.headers.get('access-control-request-headers') ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== '');
      const refused = asked.filter((h) => !allowedSet.has(h));
      if (refused.length > 0) {
        throw new HttpError(
          403,
          'cors_header_not_allowed',
          `The page at ${access.origin} wants to send the header(s) ${refused.join(', ')}, which this chat server does not allow (allowed: ${allowed.join(', ')}). Add them to the cors.allowHeaders option of createChatHandler.`,
        );
      }
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Methods': method,
          'Access-Control-Allow-Headers': allowed.join(', '),
          'Access-Control-Max-Age': String(maxAge),
        },
      });
    },

    decorate(response, access) {
      const add: [string, string][] = [];
      if (access.allowOrigin !== null) {
        add.push(['Access-Control-Allow-Origin', access.allowOrigin]);
        if (credentials) add.push(['Access-Control-Allow-Credentials', 'true']);
        add.push(['Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', ')]);
      }
      const vary = response.headers.get('vary');
      // Every answer depends on the Origin once CORS is on (shared caches must key on it).
      if (!/(^|,)\s*(origin|\*)\s*(,|$)/i.test(vary ?? '')) add.push(['Vary', vary ? `${vary}, Origin` : 'Origin']);
      if (add.length === 0) return response;
      try {
        for (const [name, value] of add) response.headers.set(name, value);
        return response;
      } catch {
        // Immutable headers (a Response from fetch): copy, keeping the body stream as it is.
        const headers = new Headers(response.headers);
        for (const [name, value] of add) headers.set(name, value);
        return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
      }
    },
  };
}
