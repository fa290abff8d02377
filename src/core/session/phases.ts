import type { ChatEvent } from '../events';
import type { ChatPhase } from './types';

/**
 * The phases of a generation, the one place that says which are under way and which are
 * ends, and which events end one. A leaf module (it imports only types), so the initial
 * bundle and the lazily loaded multi-tab chunk share it without a hand-kept twin.
 */

/** Phases in which a generation is under way: submitted, generating, tool-calling, awaiting-approval, executing, resuming. */
export const ACTIVE_PHASES: ReadonlySet<ChatPhase> = new Set(['submitted', 'generating', 'tool-calling', 'awaiting-approval', 'executing', 'resuming']);

/** Phases a generation ends in. Content events do not leave them; only a new prompt does. */
export const TERMINAL_PHASES: ReadonlySet<ChatPhase> = new Set(['complete', 'cancelled', 'error']);

/**
 * Whether a generation is under way in `phase` (submitted, generating, tool-calling,
 * awaiting-approval, executing, resuming): the Composer shows Stop and the last answer is live.
 *
 * @example isActivePhase('executing') // true
 */
export function isActivePhase(phase: ChatPhase): boolean {
  return ACTIVE_PHASES.has(phase);
}

/**
 * Whether `event` ends a generation: `done`, `cancelled`, or an `error` that is not
 * `fatal: false`.
 *
 * @example isTerminalEvent({ type: 'error', message: 'x', fatal: false }) // false
 */
export function isTerminalEvent(event: ChatEvent): boolean {
  return event.type === 'done' || event.type === 'cancelled' || (event.type === 'error' && event.fatal !== false);
}
