import type { ChatOptions } from '../session/ChatOptions';
import type { MultiTabOptions } from '../sync/MultiTabOptions';
import type { FollowOptions } from '../session/followConversation';

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
  /**
   * Follow the conversation live across generations: the tab that owns the connection (the
   * multi-tab leader) keeps one follow connection open between answers, so a prompt sent
   * from another device, and its answer, show here as they are written. Backs off while the
   * server cannot be reached, stops after a 401, 403 or 404 (the error shown says why),
   * closes the connection when the page is hidden for `hiddenPauseMs` and reopens it when
   * the page is shown. `true` also follows a conversation the server names during the first
   * answer; an object sets the timings. Needs a server with the follow route (chatwire's).
   * Read once. See docs/conversations.md.
   *
   * @defaultValue `true` when `conversationId` is given (opening a conversation follows it), else `false`
   */
  follow?: boolean | FollowOptions;
}
