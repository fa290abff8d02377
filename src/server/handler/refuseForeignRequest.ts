import type { CorsAccess } from './createCors';
import { HttpError } from './HttpError';

/**
 * Refuses, on every route and whether `cors` is on or off, what a page of another origin
 * could send with the user's cookies:
 *
 * - a request the browser marks `Sec-Fetch-Site: cross-site` or `same-site` (another port
 *   or subdomain of the same site is a different origin), or that carries an `Origin`
 *   other than the server's own, unless `cors` allows that origin: 403 `cross_origin_refused`
 *   (with `cors` on: 403 `cors_origin_not_allowed`);
 * - a POST or PATCH that is not `Content-Type: application/json` (a form, or a `no-cors` fetch,
 *   which browsers send without a preflight): 415 `unsupported_media_type`.
 *
 * Same-origin pages (`Sec-Fetch-Site: same-origin`, or an `Origin` whose host and port are
 * the request's `Host`, or `X-Forwarded-Host` behind a proxy), a navigation the user typed
 * (`Sec-Fetch-Site: none`) and clients that send neither header (servers, curl) pass.
 */
export function refuseForeignRequest(request: Request, access: CorsAccess | null, corsOn: boolean): void {
  const site = request.headers.get('sec-fetch-site')?.trim().toLowerCase() ?? null;
  const origin = request.headers.get('origin');
  const allowed = access?.allowOrigin !== null && access?.allowOrigin !== undefined;
  const sameOrigin = site === 'same-origin' || site === 'none' || (site === null && (origin === null || isOwnOrigin(origin, request)));
  if (!sameOrigin && !allowed) {
    const from = origin === null ? 'a page of another origin' : origin;
    const marked = site === null ? '' : ` (Sec-Fetch-Site: ${site})`;
    if (corsOn && origin !== null) {
      throw new HttpError(
        403,
        'cors_origin_not_allowed',
        `Origin ${origin} may not call this chat server: cors.origin does not allow it. To allow it, add '${origin}' to the cors.origin option of createChatHandler.`,
      );
    }
    throw new HttpError(
      403,
      'cross_origin_refused',
      `This chat server answers its own origin only; the request came from ${from}${marked}. Another port or subdomain is another origin. To let a page of another origin call, pass cors: { origin: ['<that origin>'] } to createChatHandler.`,
    );
  }
  if (request.method === 'POST' || request.method === 'PATCH') {
    const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json') {
      throw new HttpError(
        415,
        'unsupported_media_type',
        `A ${request.method} to the chat server must be Content-Type: application/json; received ${JSON.stringify(type || '(none)')}. Other types are refused because browsers send them from any site without asking first.`,
      );
    }
  }
}

/** Whether `origin` names the host (and port) the request was sent to, directly or through a proxy. */
function isOwnOrigin(origin: string, request: Request): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // 'null' (sandboxed frames, file:) and malformed origins are foreign
  }
  if (host === '') return false;
  if (host === new URL(request.url).host) return true;
  const forwarded = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim().toLowerCase();
  return forwarded !== undefined && forwarded !== '' && forwarded === host;
}
