/** The part of the Web Storage API chatwire uses; `sessionStorage`, `localStorage` or your own. */
export interface ChatStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What is persisted while a stream is in flight, so a reload can resume it. */
export interface PersistedStream {
  conversationId: string;
  streamId: string | null;
  /** The last SSE id applied (chatwire: the conversation `seq`). */
  lastEventId: string;
}
