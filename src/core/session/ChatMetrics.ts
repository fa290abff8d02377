/** How a response ended; `streaming` while it has not. */
export type ResponseOutcome = 'streaming' | 'complete' | 'cancelled' | 'error';

/** Latency of one tool call, from `tool-executing` to `tool-result`. */
export interface ToolLatency {
  toolCallId: string;
  name: string;
  /** `endedAt - executingAt`, in ms; absent while the tool runs or when a time is missing. */
  latencyMs?: number;
  isError?: boolean;
}

/** Figures for one assistant response. Times are epoch ms from the events' `at`. */
export interface ResponseMetrics {
  /** The assistant message the figures belong to. */
  messageId: string;
  outcome: ResponseOutcome;
  /** When the prompt was sent (or the resume began, for a replayed response). */
  startedAt: number;
  /** The first text or reasoning delta. */
  firstTokenAt?: number;
  endedAt?: number;
  /** `firstTokenAt - startedAt`. */
  timeToFirstTokenMs?: number;
  /** `endedAt - startedAt`. */
  durationMs?: number;
  /** Output tokens: `usage.outputTokens` when the server reported it, else the number of text deltas. */
  outputTokens: number;
  /** Where `outputTokens` came from. */
  tokenSource: 'usage' | 'deltas';
  /** `outputTokens` over the streaming time (`endedAt - firstTokenAt`), once ended. */
  tokensPerSecond?: number;
  /** Per tool call, in the order they opened. */
  tools: ToolLatency[];
  /** How many times the connection dropped and was re-established (or attempted). */
  reconnects: number;
  /** `true` when the response was picked up by a resume (after a reload): the timings then start at the resume. */
  resumed: boolean;
}

/** What `useChatMetrics()` and the store's `metrics` hold. */
export interface ChatMetrics {
  /** The latest response's figures, `null` before the first one. */
  latest: ResponseMetrics | null;
  /** Every response's figures, by assistant message id. */
  byMessageId: Readonly<Record<string, ResponseMetrics>>;
}

/** No responses yet. */
export const emptyChatMetrics: ChatMetrics = { latest: null, byMessageId: {} };
