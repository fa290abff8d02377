import type { ApprovalDecisionEvent, ApprovalRequestEvent, ChatEvent, ToolResultEvent } from '../../core/events';
import type { ToolCallPart } from '../../core/session/types';
import type { AppendOnceResult, ConversationStore } from '../store/ConversationStore';
import type { StoredEvent, ToolDefinition } from '../types';
import { messageOf } from '../../core/messageOf';
import { waitForLogEvent } from './waitForLogEvent';

/** The `appendOnce` key of the approval request of `toolCallId` in the generation `streamId`. */
export function approvalRequestKey(streamId: string, toolCallId: string): string {
  return `approval-request:${streamId}:${toolCallId}`;
}

/** The `appendOnce` key of the one decision on that request. */
export function approvalDecisionKey(streamId: string, toolCallId: string): string {
  return `approval-decision:${streamId}:${toolCallId}`;
}

/** The `appendOnce` key of the `tool-executing` of a call the page runs (a client tool). */
export function clientToolKey(streamId: string, toolCallId: string): string {
  return `client-tool:${streamId}:${toolCallId}`;
}

/** The `appendOnce` key of the one claim on a call the page runs (the device that runs it). */
export function clientClaimKey(streamId: string, toolCallId: string): string {
  return `client-claim:${streamId}:${toolCallId}`;
}

/**
 * The `appendOnce` key of the one note that a reload interrupted run `attempt` of a call
 * (0: the first claimant's run; n: the run a person chose the n-th time).
 */
export function clientInterruptedKey(streamId: string, toolCallId: string, attempt = 0): string {
  return attempt === 0 ? `client-interrupted:${streamId}:${toolCallId}` : `client-interrupted:${streamId}:${toolCallId}:${attempt}`;
}

/** The `appendOnce` key of the one choice (run again, or report) on interrupted run `attempt` of a call. */
export function clientChoiceKey(streamId: string, toolCallId: string, attempt: number): string {
  return `client-choice:${streamId}:${toolCallId}:${attempt}`;
}

/** The `appendOnce` key of the one result of a call the page runs. */
export function clientResultKey(streamId: string, toolCallId: string): string {
  return `client-result:${streamId}:${toolCallId}`;
}

/** What an {@link ApprovalGate} needs from its generation. */
export interface ApprovalGateOptions {
  store: ConversationStore;
  conversationId: string;
  streamId: string;
  userId: string;
  /** The handler's `approvalTimeoutMs` (a tool's own wins). */
  timeoutMs: number;
  /** How long the page may take to run a client tool, in ms. */
  clientToolTimeoutMs?: number;
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
  /**
   * A call of a tool the page declared (`clientTools`): writes its `tool-executing`
   * (`runsOn: 'page'`) and waits for the one `tool-result` the page posts (after its one
   * `tool-claim`, through the claim route: only the claimant runs it) (the result route, any replica), or
   * writes an error result after `clientToolTimeoutMs`. Resolves once the result is in the
   * log; early when the generation stops.
   */
  runOnPage(call: ToolCallPart): Promise<void>;
}

/**
 * The approval step of a generation. The request and the decision are log events written
 * with `appendOnce` under keys of this generation, so exactly one decision wins whoever
 * writes it (a person on any replica, the timeout here, a stop here), and the generation
 * learns a decision made elsewhere from its own conversation's log (a subscription: memory
 * or Redis pub/sub, replayed from the request's seq, so none is missed).
 */
// Over 80 lines: the request, the wait on the log, the timeout and the stop share one subscription and one settled flag per call.
export function createApprovalGate(options: ApprovalGateOptions): ApprovalGate {
  const { store, conversationId, streamId, signal } = options;
  const appendOnce = store.appendOnce?.bind(store);
  const pending = new Set<string>();

  const once = async (key: string, event: ChatEvent): Promise<StoredEvent> => {
    if (!appendOnce) throw new Error('this conversation store has no appendOnce, so tools cannot wait for approval');
    const result: AppendOnceResult = await appendOnce(conversationId, key, event);
    return result.appended ? { seq: result.seq, event } : result.first;
  };

  const decide = async (toolCallId: string, decidedBy: 'timeout' | 'stop', reason?: string): Promise<ApprovalDecisionEvent> => {
    const event: ApprovalDecisionEvent = { type: 'approval-decision', toolCallId, approved: false, ...(reason === undefined ? {} : { reason }), decidedBy, at: options.now() };
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

    async runOnPage(call) {
      try {
        await runOnPage(call);
      } catch (error) {
        options.onFailure(error);
      }
    },

    async closePending() {
      for (const toolCallId of [...pending]) {
        pending.delete(toolCallId);
        // No reason: the card already says it was stopped, and the tab that stopped folds the stop without this event.
        const decision = await decide(toolCallId, 'stop').catch(() => null);
        if (decision) options.fold(decision);
      }
    },
  };

  async function runOnPage(call: ToolCallPart): Promise<void> {
    const timeoutMs = options.clientToolTimeoutMs ?? 120_000;
    await options.flush();
    const stored = await once(clientToolKey(streamId, call.toolCallId), { type: 'tool-executing', toolCallId: call.toolCallId, runsOn: 'page', at: options.now() });
    options.fold(stored.event);
    const isResult = (event: ChatEvent): event is ToolResultEvent => {
      // The page's claim (the claim route) goes into the answer too: its history shows who ran the call.
      if (event.type === 'tool-claim' && event.toolCallId === call.toolCallId) options.fold(event);
      return event.type === 'tool-result' && event.toolCallId === call.toolCallId;
    };
    const outcome = await waitForLogEvent(store, conversationId, stored.seq, isResult, timeoutMs, signal);
    if (outcome === 'aborted') return;
    if (outcome !== 'timeout') return options.fold(outcome);
    const late: ToolResultEvent = { type: 'tool-result', toolCallId: call.toolCallId, isError: true, result: { message: `The page did not run ${call.name} within ${describeMs(timeoutMs)}.` }, at: options.now() };
    options.fold((await once(clientResultKey(streamId, call.toolCallId), late)).event);
  }

  async function ask(tool: ToolDefinition, call: ToolCallPart): Promise<ApprovalDecisionEvent | null> {
    const timeoutMs = tool.approvalTimeoutMs ?? options.timeoutMs;
    await options.flush();
    const at = options.now();
    const request: ApprovalRequestEvent = { type: 'approval-request', toolCallId: call.toolCallId, name: call.name, args: call.args ?? {}, expiresAt: at + timeoutMs, at };
    const stored = await once(approvalRequestKey(streamId, call.toolCallId), request);
    options.fold(stored.event);
    pending.add(call.toolCallId);
    const isDecision = (event: ChatEvent): event is ApprovalDecisionEvent => event.type === 'approval-decision' && event.toolCallId === call.toolCallId;
    const outcome = await waitForLogEvent(store, conversationId, stored.seq, isDecision, timeoutMs, signal);
    if (outcome === 'aborted') return null;
    const decision = outcome === 'timeout'
      ? await decide(call.toolCallId, 'timeout', `No decision within ${describeMs(timeoutMs)}, so ${call.name} was not run.`)
      : outcome;
    pending.delete(call.toolCallId);
    options.fold(decision);
    return decision;
  }
}

/** `500 ms`, `90 s`, `10 min`, `1.5 h`. */
export function describeMs(ms: number): string {
  if (ms < 2_000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}
