/** A chatwire route a path names (any method). */
export interface RouteMatch {
  name: 'start' | 'stream' | 'cancel' | 'messages' | 'branch' | 'decision' | 'result' | 'claim' | 'feedback';
  /** The one method the route answers. */
  method: 'GET' | 'POST';
  /** The decoded conversation id of `{base}/{id}/...` routes; `''` for start. */
  conversationId: string;
  /** The decoded tool call id of the `decision`, `result` and `claim` routes. */
  toolCallId?: string;
  /** The decoded message id of the `feedback` route. */
  messageId?: string;
}

const METHODS = { stream: 'GET', cancel: 'POST', messages: 'GET', branch: 'POST' } as const;

/** The route of `pathname` under `base` (trailing slashes ignored), or `null`. */
export function matchRoute(base: string, pathname: string): RouteMatch | null {
  const path = pathname.replace(/\/+$/, '');
  if (path === base) return { name: 'start', method: 'POST', conversationId: '' };
  if (!path.startsWith(`${base}/`)) return null;
  const call = /^([^/]+)\/tool-calls\/([^/]+)\/(decision|result|claim)$/.exec(path.slice(base.length + 1));
  if (call) return { name: call[3] as 'decision' | 'result' | 'claim', method: 'POST', conversationId: decode(call[1] as string), toolCallId: decode(call[2] as string) };
  const rated = /^([^/]+)\/messages\/([^/]+)\/feedback$/.exec(path.slice(base.length + 1));
  if (rated) return { name: 'feedback', method: 'POST', conversationId: decode(rated[1] as string), messageId: decode(rated[2] as string) };
  const match = /^([^/]+)\/(stream|cancel|messages|branch)$/.exec(path.slice(base.length + 1));
  if (!match) return null;
  const name = match[2] as keyof typeof METHODS;
  return { name, method: METHODS[name], conversationId: decode(match[1] as string) };
}

/** Percent-decoded; a malformed escape stays as it is (the id check then answers 400). */
export function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
