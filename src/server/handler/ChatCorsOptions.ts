/**
 * Which other origins may call the chat server from a browser; see
 * {@link ChatHandlerOptions.cors}. Without it only same-origin pages can (no `OPTIONS`, no
 * CORS headers).
 *
 * @example
 * ```ts
 * createChatHandler({
 *   cors: { origin: ['https://app.example', 'https://admin.example'], credentials: true },
 *   authorize: async (req) => userFromCookie(req.headers.get('cookie')),
 * });
 * // and on the page: <ChatWidget endpoint="https://chat.example/api/chat" credentials="include" />
 * ```
 */
export interface ChatCorsOptions {
  /**
   * The origins allowed: one origin (`'https://app.example'`: scheme, host and port, no
   * path or trailing slash), a list of them, `'*'` (any origin; only without
   * `credentials`), or a predicate called with the request's `Origin` (which may be
   * `'null'` for sandboxed frames and `file:` pages). Required.
   */
  origin: string | readonly string[] | ((origin: string, request: Request) => boolean | Promise<boolean>);
  /**
   * Let the browser send cookies and HTTP auth: answers carry
   * `Access-Control-Allow-Credentials: true` and name the origin (never `*`). The client
   * must also ask for it (`credentials: 'include'`). Default `false`.
   */
  credentials?: boolean;
  /**
   * Request headers allowed beyond the ones chatwire's client sends (`accept`,
   * `authorization`, `content-type`, `last-event-id`), e.g. `['x-tenant-id']` for a
   * header you add with the client's `headers` option. Default `[]`.
   */
  allowHeaders?: readonly string[];
  /** How long a browser may reuse a preflight answer, in seconds (Chromium caps it at 7200). Default `600`. */
  maxAge?: number;
}
