import { isAbortError } from '../errors';
import { applySessionEvent } from './applySessionEvent';
import type { Session } from './createSession';
import { errorEvent } from './errorEvent';

/**
 * A resume whose history request failed (or whose code could not be loaded): clears the
 * persisted stream, closes the connection and ends the response in that error. Nothing
 * when the resume was aborted. Resolves the resume's result, `false`. Internal.
 */
export function failResume(session: Session, abort: AbortController, e: unknown): false {
  if (abort.signal.aborted || isAbortError(e)) return false;
  session.persistence.clear();
  session.dispatch({ type: 'connection', connection: 'closed' });
  applySessionEvent(session, errorEvent(e), true);
  return false;
}
