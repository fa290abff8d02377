import type { ChatCorsOptions } from './ChatCorsOptions';

/**
 * The origin test of `options.origin`, validated once: throws (with what to write instead)
 * on `'*'` with credentials, `'*'` in a list, an empty list or a malformed origin.
 */
export function originMatcher(options: ChatCorsOptions): (origin: string, request: Request) => boolean | Promise<boolean> {
  const { origin } = options;
  if (typeof origin === 'function') return origin;
  if (origin === '*') {
    if (options.credentials === true) {
      throw new TypeError(
        "createChatHandler: cors.origin '*' cannot be combined with cors.credentials: true (browsers refuse a wildcard origin with credentials, and it would let any site act as the signed-in user). List the origins instead, e.g. cors: { origin: ['https://app.example'], credentials: true }, or pass a predicate.",
      );
    }
    return () => true;
  }
  const list: readonly unknown[] = typeof origin === 'string' ? [origin] : Array.isArray(origin) ? origin : [origin];
  if (list.length === 0) {
    throw new TypeError('createChatHandler: cors.origin is an empty list, so no origin could ever call. List the origins (e.g. [\'https://app.example\']) or leave cors out for same-origin only.');
  }
  for (const entry of list) checkOrigin(entry, list.length > 1);
  const allowed = new Set(list as string[]);
  return (value) => allowed.has(value);
}

/** Throws unless `entry` is an origin as browsers send it: `scheme://host[:port]`. */
function checkOrigin(entry: unknown, inList: boolean): void {
  if (entry === '*') {
    throw new TypeError("createChatHandler: cors.origin lists '*' among other origins. Use origin: '*' alone (any origin, without credentials) or list the origins only.");
  }
  let normal: string | null = null;
  try {
    normal = typeof entry === 'string' ? new URL(entry).origin : null;
  } catch {
    normal = null;
  }
  if (normal === entry) return;
  const where = inList ? 'an entry of cors.origin' : 'cors.origin';
  const hint = normal && normal !== 'null' ? ` Write '${normal}'.` : " Write it as the browser sends it: scheme, host and port, e.g. 'https://app.example' or 'http://127.0.0.1:5173'.";
  throw new TypeError(`createChatHandler: ${where} must be an origin (scheme://host[:port], no path or trailing slash), '*', a list of origins or a predicate; received ${JSON.stringify(entry)}.${hint}`);
}
