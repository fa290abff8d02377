import type { ChatEvent } from '../../core/events';
import { isTerminalEvent } from '../../core/session/phases';
import type { ActiveStream, ActiveStreamInit, BeginStreamOptions, BeginStreamResult } from '../store/ConversationStore';
import type { HandlerContext } from './HandlerContext';
import { waitForLogEvent } from './waitForLogEvent';

/**
 * How long an edit or a regeneration waits for the answer being written to end before it is
 * refused with 409 `conversation_busy`, in ms (docs/branches.md).
 */
export const BRANCH_START_WAIT_MS = 5_000;

/** The pause between two tries to begin once the stopped answer's last event is in the log, in ms. */
const RETRY_MS = 20;

const isTerminal = (event: ChatEvent): event is ChatEvent => isTerminalEvent(event);

/**
 * `beginStream` for an edit or a regeneration that found the conversation still answering
 * (`active`), on whichever replica that answer runs: the client stops it first (the cancel
 * route, which reaches the generation's replica through the store), so this waits for the
 * generation's last event in the log (`done`, `error` or `cancelled`), then begins again,
 * retrying every 20 ms while the store still holds that stream (it is ended right after
 * that event). Gives up with the `conversation-busy` refusal after
 * {@link BRANCH_START_WAIT_MS}, or when `signal` fires (the client went away). Internal to
 * the start route.
 */
export async function beginAfterStreamEnd(
  ctx: HandlerContext,
  init: ActiveStreamInit,
  options: BeginStreamOptions,
  active: ActiveStream,
  signal: AbortSignal,
): Promise<BeginStreamResult> {
  const until = Date.now() + BRANCH_START_WAIT_MS;
  let begun: BeginStreamResult = { ok: false, reason: 'conversation-busy', active };
  const ended = await waitForLogEvent(ctx.store, init.conversationId, active.startSeq - 1, isTerminal, BRANCH_START_WAIT_MS, signal);
  if (ended === 'timeout' || ended === 'aborted') return begun;
  while (!signal.aborted) {
    begun = await ctx.db.beginStream(init, options);
    const stillThatStream = !begun.ok && begun.reason === 'conversation-busy' && begun.active.streamId === active.streamId;
    if (!stillThatStream || Date.now() + RETRY_MS > until) return begun;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  return begun;
}
