import type { ResumeOptions } from './ChatController';
import { beginRun } from './beginRun';
import type { Session } from './createSession';
import { failResume } from './failResume';
import { loadLazySession } from './loadLazySession';
import { readPersisted } from './readPersisted';
import { readStream } from './readStream';
import type { ResumeTarget } from './resumeStream';

/**
 * The resume flow (`ChatController.resume`): picks up the in-flight stream remembered in
 * storage, or the session's conversation, unless a run is under way or there is no
 * conversation id or resume route. Shows `connecting` at once; the history request and the
 * resume route's read (`resumeStream`) are loaded on demand; with `history: false` (a tab
 * taking over another's stream) it resumes after the state's `lastSeq` without the history;
 * with `follow` the resume route is asked to stay open across generations (`?follow=1`).
 * A failed history request, or a chunk that did not load, clears the persisted stream and
 * ends in that error (`failResume`). Resolves `true` when the resume applied events. Internal.
 */
export async function resumeSession(session: Session, resumeOptions?: ResumeOptions): Promise<boolean> {
  if (session.run) return false;
  const fromState = resumeOptions?.history === false;
  const persisted = fromState ? null : readPersisted(session);
  const conversationId = persisted?.conversationId ?? session.state.conversationId;
  session.protocol = session.options.protocol ?? 'auto';
  const resumeRoute = session.route('resume');
  if (!conversationId || !resumeRoute) return false;
  const { lastSeq } = session.state;
  const url = resumeRoute(conversationId);
  const target: ResumeTarget = {
    conversationId,
    // `follow`: the server keeps the stream open across generations (prompts from other devices).
    url: resumeOptions?.follow ? `${url}${url.includes('?') ? '&' : '?'}follow=1` : url,
    lastEventId: persisted?.lastEventId ?? (lastSeq > 0 ? String(lastSeq) : ''),
    history: fromState ? null : session.route('history'),
  };
  let resumed = false;
  await beginRun(session, async (abort) => {
    session.dispatch({ type: 'connection', connection: 'connecting' }, true);
    resumed = await loadLazySession().then(
      (lazy) => lazy.resumeStream(session, abort, target, readStream),
      (e: unknown) => failResume(session, abort, e),
    );
  });
  return resumed;
}
