import type { ChatOptions, ChatRoute } from './ChatOptions';

/** The routes of a session; `derived` ones apply to chatwire streams only. */
export interface ChatRoutes {
  endpoint: string;
  resume: { route: ChatRoute; derived: boolean };
  cancel: { route: ChatRoute; derived: boolean };
  history: { route: ChatRoute; derived: boolean };
}

/** Default start route. */
export const DEFAULT_ENDPOINT = '/api/chat';

/**
 * Fills in the routes docs/PROTOCOL.md derives from `endpoint`:
 * `{endpoint}/{id}/stream`, `{endpoint}/{id}/cancel`, `{endpoint}/{id}/messages`.
 */
export function resolveChatRoutes(options: ChatOptions): ChatRoutes {
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  const base = endpoint.replace(/\/+$/, '');
  const derive = (suffix: string) => (id: string) => `${base}/${encodeURIComponent(id)}/${suffix}`;
  const pick = (given: ChatRoute | undefined, suffix: string) =>
    given === undefined ? { route: derive(suffix), derived: true } : { route: given, derived: false };
  return {
    endpoint,
    resume: pick(options.resumeEndpoint, 'stream'),
    cancel: pick(options.cancelEndpoint, 'cancel'),
    history: pick(options.historyEndpoint, 'messages'),
  };
}
