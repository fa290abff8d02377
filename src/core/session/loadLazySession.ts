import { ChatwireError, createNetworkError } from '../errors';
import { messageOf } from '../messageOf';
import { applySessionEvent } from './applySessionEvent';
import { ACTIVE_PHASES } from './phases';
import { activePath, parentKeys } from './activePath';
import { failResume } from './failResume';
import { reportCancelFailure } from './reportCancelFailure';
import type { LazySession } from './lazySession';

let loading: Promise<LazySession> | undefined;
let loaded: LazySession | undefined;

/**
 * Loads the session's rare paths (`lazySession`: the history and cancel requests, the
 * recovery from a server `reset`, the transport's reconnect and HTTP errors), once per page, handing them the errors they throw. A
 * chunk that fails to load rejects with a retryable `session_load_failed` error, and the
 * next call tries again. Internal; tests await it to drive these paths with fake timers.
 */
export function loadLazySession(): Promise<LazySession> {
  return (loading ??= import('./lazySession').then(
    (m) => (loaded = m.createLazySession({ ChatwireError, createNetworkError, messageOf, applySessionEvent, ACTIVE_PHASES, parentKeys, activePath, reportCancelFailure, failResume })),
    (e: unknown) => {
      loading = undefined;
      throw new ChatwireError(`chatwire could not load the code of this request (${messageOf(e)}). Check that the app serves the lazy chunks its bundler emitted for chatwire, then retry.`, {
        code: 'session_load_failed',
        retryable: true,
        cause: e,
      });
    },
  ));
}

/** The session's rare paths once {@link loadLazySession} has loaded them, otherwise `undefined`. Internal. */
export function loadedLazySession(): LazySession | undefined {
  return loaded;
}
