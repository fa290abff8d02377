import type { ApprovalDecider } from '../events';
import type { ChatOptions } from './ChatOptions';
import type { LazySessionKit } from './LazySessionKit';
import { requestJson } from './requestJson';

/** The one decision on a tool call that awaited approval, as the decision route answers it. */
export interface ToolDecision {
  toolCallId: string;
  approved: boolean;
  reason?: string;
  decidedBy: ApprovalDecider;
}

/**
 * What answering an approval request did: `recorded` when this answer is the decision;
 * otherwise someone (another tab or device, the timeout, a stop) decided first, and
 * `decision` is that first decision, which stands.
 */
export interface ToolDecisionOutcome {
  recorded: boolean;
  decision: ToolDecision;
}

/**
 * POSTs `{ approved, reason? }` to `{endpoint}/{conversationId}/tool-calls/{toolCallId}/decision`.
 * A 409 `decision_exists` is not an error: it resolves with the first decision. Any other
 * failure (404 nothing awaits approval, 409 `approval_closed`, the network) rejects with a
 * `ChatwireError`; a session without a conversation yet rejects at once. Internal; in the lazy session chunk (the controller loads it on the first
 * decision), `endpoint` the session's.
 */
export async function decideToolCall(
  kit: LazySessionKit,
  options: Pick<ChatOptions, 'fetch' | 'headers' | 'credentials'>,
  endpoint: string,
  conversationId: string | null,
  toolCallId: string,
  body: { approved: boolean; reason?: string },
): Promise<ToolDecisionOutcome> {
  if (!conversationId) {
    throw new Error(`decide("${toolCallId}"): this session has no conversation yet, so no tool call awaits approval in it.`);
  }
  const base = endpoint.replace(/\/+$/, '');
  const url = `${base}/${encodeURIComponent(conversationId)}/tool-calls/${encodeURIComponent(toolCallId)}/decision`;
  try {
    const { json } = await requestJson(kit, options, url, { method: 'POST', body });
    return { recorded: true, decision: (json as { decision: ToolDecision }).decision };
  } catch (e) {
    const first = e instanceof kit.ChatwireError && e.status === 409 ? (e.details as { body?: { decision?: ToolDecision } } | undefined)?.body?.decision : undefined;
    if (first) return { recorded: false, decision: first };
    throw e;
  }
}
