import type { ChatwireError, createNetworkError } from '../errors';
import type { HttpErrorInput } from '../rareErrors';
import type { messageOf } from '../messageOf';
import type { applySessionEvent } from './applySessionEvent';
import type { ACTIVE_PHASES } from './phases';
import type { activePath, parentKeys } from './activePath';
import type { failResume } from './failResume';
import type { reportCancelFailure } from './reportCancelFailure';

/** What {@link loadLazySession} hands over: the kit but for what the chunk builds itself. Internal. */
export type InitialKit = Omit<LazySessionKit, 'createHttpError'>;

/**
 * What the lazy session chunk (`lazySession`) uses of the initial code, handed to it by
 * `loadLazySession` rather than imported: a module that both the initial code and a lazy
 * chunk import is split by esbuild into a chunk of its own, which the page loads at once
 * (docs/bundle.md). Passing the errors keeps one `ChatwireError` class. Internal.
 */
export interface LazySessionKit {
  ChatwireError: typeof ChatwireError;
  /** Built in the lazy chunk from `ChatwireError` and `messageOf` (its text is not initial code). */
  createHttpError: (input: HttpErrorInput) => ChatwireError;
  createNetworkError: typeof createNetworkError;
  messageOf: typeof messageOf;
  applySessionEvent: typeof applySessionEvent;
  ACTIVE_PHASES: typeof ACTIVE_PHASES;
  parentKeys: typeof parentKeys;
  activePath: typeof activePath;
  reportCancelFailure: typeof reportCancelFailure;
  failResume: typeof failResume;
}
