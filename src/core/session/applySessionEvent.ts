import type { ChatEvent } from '../events';
import type { Session } from './createSession';
import { finishResponse, outcomeOf } from './finishResponse';
import { ACTIVE_PHASES, isTerminalEvent } from './phases';
import type { ErrorPart } from './types';

/**
 * Applies one event of a stream (or mirrored from another tab) to the session: stamps its
 * receive time when it has none, drops a `seq` that is not a conversation-wide position
 * (only chatwire's is, and events `conversationSeq` says are), then reduces it (which tells
 * the observers when it changed the state) and, when it did, tells the metrics, `onEvent` and (for an error)
 * `onError`. A terminal event finishes the response and publishes at once; any other
 * publishes on the next frame. Returns whether the response ended. Internal.
 */
export function applySessionEvent(session: Session, raw: ChatEvent, resumed: boolean, conversationSeq = false): boolean {
  let event = raw.at === undefined ? { ...raw, at: session.now() } : raw;
  if (event.seq !== undefined && session.protocol !== 'chatwire' && !conversationSeq) {
    // Only chatwire's seq is a conversation-wide position; others restart per stream.
    const { seq: _seq, ...rest } = event;
    event = rest as ChatEvent;
  }
  const before = session.state;
  session.reduce(event);
  const { state } = session;
  if (state === before) return false;
  session.appliedEvents++;
  const { tracker, options } = session;
  if (!tracker.running && (ACTIVE_PHASES.has(state.phase) || event.type === 'session')) {
    tracker.start(state.activeMessageId ?? '', event.at ?? session.now(), resumed);
  }
  tracker.observe(event, state.activeMessageId);
  options.onEvent?.(event);
  if (event.type === 'error') {
    const part = state.messages.find((m) => m.id === state.activeMessageId)?.parts.at(-1) as ErrorPart | undefined;
    if (part) options.onError?.(part);
  }
  if (isTerminalEvent(event)) {
    finishResponse(session, outcomeOf(state.phase));
    return true;
  }
  if (state.connection === 'replaying') session.replay.activity();
  session.commit(false);
  return false;
}
