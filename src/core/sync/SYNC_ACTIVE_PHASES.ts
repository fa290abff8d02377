import type { ChatPhase } from '../session/types';

/**
 * The session's `ACTIVE_PHASES` (phases in which a generation is under way), kept here so
 * the lazily loaded sync module imports nothing the initial bundle holds: sharing a module
 * would make bundlers split the reducer into a chunk of its own. A test pins that both
 * sets are equal.
 */
export const SYNC_ACTIVE_PHASES: ReadonlySet<ChatPhase> = new Set(['submitted', 'generating', 'tool-calling', 'executing', 'resuming']);
