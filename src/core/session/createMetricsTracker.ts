import type { ChatEvent } from '../events';
import type { ChatMetrics, ResponseMetrics, ResponseOutcome, ToolLatency } from './ChatMetrics';

/** Collects {@link ResponseMetrics} for one response at a time. Internal to the controller. */
export interface MetricsTracker {
  /** A response starts (send, retry or resume). */
  start(messageId: string, at: number, resumed: boolean): void;
  /** An event of the current response was applied; `messageId` is the active message now. */
  observe(event: ChatEvent, messageId: string | null): void;
  /** The connection dropped and is being re-established. */
  reconnecting(): void;
  /** The response ended; returns its final figures, or `null` when none was running. */
  finish(outcome: Exclude<ResponseOutcome, 'streaming'>, at: number): ResponseMetrics | null;
  /** Whether a response is being tracked. */
  readonly running: boolean;
  /** Everything so far (new object whenever something changed). */
  snapshot(): ChatMetrics;
}

/**
 * Creates a {@link MetricsTracker} whose figures start as `start` (`emptyChatMetrics`,
 * handed over: this is lazy session code, which imports nothing of the initial code).
 */
// Over 80 lines: a factory of six short members over one response's private counters (none
// over 40 lines); a class would ship its member names unminified.
export function createMetricsTracker(start: ChatMetrics): MetricsTracker {
  let current: ResponseMetrics | null = null;
  let deltas = 0;
  let usageTokens: number | undefined;
  const executingAt = new Map<string, number>();
  let metrics = start;

  /** Ids the current response had before a `session` event renamed its message. */
  const renamedFrom = new Set<string>();
  let dirty = false;

  // Per event only `current` changes; the ChatMetrics snapshot is built when asked (once per frame).
  const update = (change: (m: ResponseMetrics) => ResponseMetrics): void => {
    if (!current) return;
    const next = change(current);
    if (next === current) return;
    if (next.messageId !== current.messageId) renamedFrom.add(current.messageId);
    current = next;
    dirty = true;
  };

  const tool = (m: ResponseMetrics, id: string, change: (t: ToolLatency) => ToolLatency): ResponseMetrics => {
    const index = m.tools.findIndex((t) => t.toolCallId === id);
    const tools = m.tools.slice();
    if (index === -1) tools.push(change({ toolCallId: id, name: '' }));
    else tools[index] = change(tools[index] as ToolLatency);
    return { ...m, tools };
  };

  return {
    get running() {
      return current !== null && current.outcome === 'streaming';
    },
    start(messageId, at, resumed) {
      deltas = 0;
      usageTokens = undefined;
      executingAt.clear();
      current = {
        messageId,
        outcome: 'streaming',
        startedAt: at,
        outputTokens: 0,
        tokenSource: 'deltas',
        tools: [],
        reconnects: 0,
        resumed,
      };
      dirty = true;
    },
    observe(event, messageId) {
      if (!current || current.outcome !== 'streaming') return;
      const at = event.at;
      update((m) => {
        let next = messageId && messageId !== m.messageId ? { ...m, messageId } : m;
        switch (event.type) {
          case 'text-delta':
          case 'reasoning-delta':
            if (event.type === 'text-delta') deltas += 1;
            if (next.firstTokenAt === undefined && at !== undefined) {
              next = { ...next, firstTokenAt: at, timeToFirstTokenMs: at - next.startedAt };
            }
            if (usageTokens === undefined) next = { ...next, outputTokens: deltas };
            return next;
          case 'tool-call-start':
          case 'tool-call':
            return tool(next, event.toolCallId, (t) => ({ ...t, name: event.name || t.name }));
          case 'tool-executing':
            if (at !== undefined) executingAt.set(event.toolCallId, at);
            return next.tools.some((t) => t.toolCallId === event.toolCallId) ? next : tool(next, event.toolCallId, (t) => t);
          case 'tool-result': {
            const began = executingAt.get(event.toolCallId);
            return tool(next, event.toolCallId, (t) => {
              const settled: ToolLatency = { ...t, isError: event.isError === true };
              if (began !== undefined && at !== undefined) settled.latencyMs = at - began;
              return settled;
            });
          }
          case 'done':
            if (event.usage?.outputTokens !== undefined) {
              usageTokens = event.usage.outputTokens;
              return { ...next, outputTokens: usageTokens, tokenSource: 'usage' };
            }
            return next;
          default:
            return next;
        }
      });
    },
    reconnecting() {
      update((m) => ({ ...m, reconnects: m.reconnects + 1 }));
    },
    finish(outcome, at) {
      if (!current || current.outcome !== 'streaming') return null;
      update((m) => {
        const done: ResponseMetrics = { ...m, outcome, endedAt: at, durationMs: at - m.startedAt };
        const streamingMs = m.firstTokenAt === undefined ? 0 : at - m.firstTokenAt;
        if (streamingMs > 0 && m.outputTokens > 0) done.tokensPerSecond = (m.outputTokens * 1000) / streamingMs;
        return done;
      });
      return current;
    },
    snapshot() {
      if (!dirty || !current) return metrics;
      const byMessageId = { ...metrics.byMessageId };
      for (const id of renamedFrom) if (id !== current.messageId) delete byMessageId[id];
      renamedFrom.clear();
      byMessageId[current.messageId] = current;
      metrics = { latest: current, byMessageId };
      dirty = false;
      return metrics;
    },
  };
}

