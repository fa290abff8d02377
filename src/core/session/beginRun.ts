import type { Run, Session } from './createSession';

/**
 * Runs `body` as the session's current run (a stream, or a resume loading its history),
 * aborted by the next `stop`, `reset` or `dispose`; the run is forgotten when it ends,
 * unless another took its place. Internal.
 */
export function beginRun(session: Session, body: (abort: AbortController) => Promise<void>): Promise<void> {
  const abort = new AbortController();
  const current: Run = {
    abort,
    done: body(abort).finally(() => {
      if (session.run === current) session.run = null;
    }),
  };
  session.run = current;
  return current.done;
}
