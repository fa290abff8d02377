import type { ChatPhase } from '../core/session/types';

/**
 * Whether a generation is under way in `phase` (submitted, generating, tool-calling,
 * executing, resuming): the Composer shows Stop and the last answer is live.
 *
 * @example isActivePhase('executing') // true
 */
export function isActivePhase(phase: ChatPhase): boolean {
  return (
    phase === 'submitted' || phase === 'generating' || phase === 'tool-calling' || phase === 'executing' || phase === 'resuming'
  );
}
