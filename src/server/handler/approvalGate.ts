import type { ApprovalDecisionEvent, ApprovalRequestEvent, ChatEvent } from '../../core/events';
import type { ToolCallPart } from '../../core/session/types';
import type { AppendOnceResult, ConversationStore } from '../store/ConversationStore';
import type { StoredEvent, ToolDefinition } from '../types';
import { messageOf } from '../../core/messageOf';

/** The `appendOnce` key of the approval request of `toolCallId` in the generation `streamId`. */
export function approvalRequestKey(streamId: string, toolCallId: string): string {
  return `approval-request:${streamId}:${toolCallId}`;
}

/** The `appendOnce` key of the one decision on that request. */
export function approvalDecisionKey(streamId: string, toolCallId: string): string {
  return `approval-decision:${streamId}:${toolCallId}`;
}

/** What an {@link ApprovalGate} needs from its generation. */
export interface ApprovalGateOptions {
  store: ConversationStore;
  conversationId: string;
  streamId: string;
  userId: string;
  /** The handler's `approvalTimeoutMs` (a tool's own wins). */
  timeoutMs: number;
  now: () => number;
  /** The generation's stop signal (a cancel, a shutdown, a store failure). */
  signal: AbortSignal;
  /** Waits until every event the generation queued is in the log. */
  flush: () => Promise<void>;
  /** Folds an event written to the log into the generation's answer. */
  fold: (event: ChatEvent) => void;
  /** The store failed writing a request or a decision: the generation must stop. */
  onFailure: (error: unknown) => void;
}

/** Pauses tool calls until a person decides; see {@link createApprovalGate}. */
export interface ApprovalGate {
  /** Whether `tool` needs approval for `call` (a `needsApproval` that throws counts as yes). */
  needs(tool: ToolDefinition, call: ToolCallPart): Promise<boolean>;
  /**
   * Writes the approval request and waits for its one decision: a person's (through the
   * decision route, on any replica), or the timeout's. `null` when the generation stopped
   * first ({@link closePending} then settles the request).
   */
  ask(tool: ToolDefinition, call: ToolCallPart): Promise<ApprovalDecisionEvent | null>;
  /** Settles every request still waiting as not approved (`decidedBy: 'stop'`); before the terminal event of a stopped generation. */
  closePending(): Promise<void>;
}

/** How long a lost log subscription waits before it subscribes again, in ms. */
const RESUBSCRIBE_MS = 1_000;

/**
 * The approval step of a generation. The request and the decision are log events written
 * with `appendOnce` under keys of this generation, so exactly one decision wins whoever
 * writes it (a person on any replica, the timeout here, a stop here), and the generation
 * learns a decision made elsewhere from its own conversation's log (a subscription: memory
 * or Redis pub/sub, replayed from the request's seq, so none is missed).
 */
export function createApprovalGate(options: ApprovalGateOptions): ApprovalGate {
  const { store, conversationId, streamId, signal } = options;
  const appendOnce = store.appendOnce?.bind(store);
  const pending = new Set<string>();

  const once = async (key: string, event: ChatEvent): Promise<StoredEvent> => {
    if (!appendOnce) throw new Error('this conversation store has no appendOnce, so tools cannot wait for approval');
    const result: AppendOnceResult = await appendOnce(conversationId, key, event);
    return result.appended ? { seq: result.seq, event } : result.first;
  };

  const decide = async (toolCallId: string, decidedBy: 'timeout' | 'stop', reason: string): Promise<ApprovalDecisionEvent> => {
    const event: ApprovalDecisionEvent = { type: 'approval-decision', toolCallId, approved: false, reason, decidedBy, at: options.now() };
    const stored = await once(approvalDecisionKey(streamId, toolCallId), event);
    return stored.event as ApprovalDecisionEvent;
  };

  return {
    async needs(tool, call) {
      const rule = tool.needsApproval;
      if (rule === undefined || rule === false) return false;
      if (rule === true) return true;
      try {
        return (await rule(call.args, { userId: options.userId, conversationId })) !== false;
      } catch (error) {
        console.error(`chatwire: needsApproval of tool "${tool.name}" threw, so the call waits for approval:`, messageOf(error));
        return true;
      }
    },

    async ask(tool, call) {
      try {
        return await ask(tool, call);
      } catch (error) {
        options.onFailure(error);
        return null;
      }
    },

    async closePending() {
      for (const toolCallId of [...pending]) {
        pending.delete(toolCallId);
        const decision = await decide(toolCallId, 'stop', 'The answer was stopped while this call awaited approval, so it was not run.').catch(() => null);
        if (decision) options.fold(decision);
      }
    },
  };

  async function ask(tool: ToolDefinition, call: ToolCallPart): Promise<ApprovalDecisionEvent | null> {
    const timeoutMs = tool.approvalTimeoutMs ?? options.timeoutMs;
    await options.flush();
    const at = options.now();
    const request: ApprovalRequestEvent = { type: 'approval-request', toolCallId: call.toolCallId, name: call.name, args: call.args ?? {}, expiresAt: at + timeoutMs, at };
    const stored = await once(approvalRequestKey(streamId, call.toolCallId), request);
    options.fold(stored.event);
    pending.add(call.toolCallId);
    const outcome = await waitForDecision(store, conversationId, call.toolCallId, stored.seq, timeoutMs, signal);
    if (outcome === 'aborted') return null;
    const decision = outcome === 'timeout'
      ? await decide(call.toolCallId, 'timeout', `No decision within ${describeMs(timeoutMs)}, so ${call.name} was not run.`)
      : outcome;
    pending.delete(call.toolCallId);
    options.fold(decision);
    return decision;
  }
}

/**
 * The decision on `toolCallId` from the conversation's log after `afterSeq`, `'timeout'`
 * after `timeoutMs`, or `'aborted'` when `signal` fires first. A subscription that breaks
 * (the store went away) is made again after {@link RESUBSCRIBE_MS}; its replay from
 * `afterSeq` brings any decision made meanwhile.
 */
function waitForDecision(
  store: ConversationStore,
  conversationId: string,
  toolCallId: string,
  afterSeq: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ApprovalDecisionEvent | 'timeout' | 'aborted'> {
  return new Promise((resolve) => {
    let stop: (() => void) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const finish = (outcome: ApprovalDecisionEvent | 'timeout' | 'aborted'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(retry);
      signal.removeEventListener('abort', onAbort);
      stop?.();
      resolve(outcome);
    };
    const onAbort = (): void => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const subscribe = (): void => {
      store
        .subscribe(conversationId, afterSeq, {
          onEvent: ({ event }) => {
            if (event.type === 'approval-decision' && event.toolCallId === toolCallId) finish(event);
          },
          onError: () => {
            stop = undefined;
            if (!settled) retry = setTimeout(subscribe, RESUBSCRIBE_MS);
          },
        })
        .then(
          (unsubscribe) => {
            if (settled) unsubscribe();
            else stop = unsubscribe;
          },
          () => {
            if (!settled) retry = setTimeout(subscribe, RESUBSCRIBE_MS);
          },
        );
    };
    if (signal.aborted) return finish('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    subscribe();
  });
}

/** `500 ms`, `90 s`, `10 min`, `1.5 h`. */
function describeMs(ms: number): string {
  if (ms < 2_000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}
