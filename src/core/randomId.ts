/**
 * A random id: `crypto.randomUUID()` where it exists (browsers on secure origins, Node),
 * else time plus `Math.random` (plain-http pages, old runtimes), prefixed with `prefix`.
 * The default id of local messages, tabs and the server's conversations, streams and
 * messages. Internal.
 *
 * @example randomId() // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function randomId(prefix = 'id'): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
