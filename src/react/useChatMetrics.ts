'use client';
import type { ChatMetrics } from '../core/session/ChatMetrics';
import type { ChatStoreState } from '../core/store/createChatStore';
import { useChatStore } from './useChatStore';

const selectMetrics = (s: ChatStoreState): ChatMetrics => s.metrics;
const same = Object.is;

/**
 * Response figures of the nearest `ChatProvider`: `latest` (time to first token, tokens
 * per second, duration, tool latencies, outcome, reconnects) and `byMessageId`.
 *
 * @example
 * ```tsx
 * const { latest } = useChatMetrics();
 * return latest ? <small>{latest.tokensPerSecond?.toFixed(1)} tok/s</small> : null;
 * ```
 */
export function useChatMetrics(): ChatMetrics {
  return useChatStore(selectMetrics, same);
}
