import type { ChatOptions } from '../session/ChatOptions';
import type { MultiTabOptions } from '../sync/MultiTabOptions';

/**
 * Options of a chat store ({@link createChatStore}, `ChatProvider`, `useChat`,
 * `ChatWidget`): the session's {@link ChatOptions} and the sharing of the conversation
 * across tabs. Every option is optional; a chatwire server at `/api/chat` needs none.
 *
 * @example
 * ```ts
 * createChatStore({
 *   endpoint: '/api/chat',
 *   headers: async () => ({ authorization: `Bearer ${await getToken()}` }),
 *   multiTab: { onRoleChange: (role) => console.log('this tab is', role) },
 * });
 * ```
 */
export interface ChatStoreOptions extends ChatOptions {
  /**
   * Share the conversation with the other tabs of this origin over one connection: the tab
   * holding the Web Lock leads (streams, mirrors to the others over `BroadcastChannel`),
   * the others follow and forward `send`, `stop` and `retry` to it. A conversation is
   * shared once its id is known: given as `conversationId`, or named by the server during
   * the first answer (so a tab that opens a new conversation's link follows the tab that
   * started it). `false` turns it off; an object injects the channel, the locks,
   * `onRoleChange` or the timers. Read once. See docs/sync.md.
   *
   * @defaultValue `true` (on where `BroadcastChannel` and `navigator.locks` exist)
   */
  multiTab?: boolean | MultiTabOptions;
}
