import { cancelOnServer } from './cancelOnServer';
import { createClientToolRunner } from './createClientToolRunner';
import { createMetricsTracker } from './createMetricsTracker';
import { decideToolCall } from './decideToolCall';
import { notResumableError } from './notResumableError';
import { httpError } from '../rareErrors';
import { createTransportRare } from '../sse/transportRare';
import type { InitialKit, LazySessionKit } from './LazySessionKit';
import { editMessage, regenerateMessage, retryLast, switchToBranch, type StartPrompt } from './branchActions';
import type { Session } from './createSession';
import { rateMessage } from './rateMessage';
import { recoverStream } from './recoverStream';
import { resumeStream } from './resumeStream';

/**
 * The session's rare paths, one chunk loaded on demand (`loadLazySession`): the requests of
 * a resume (history, then the resume route), the cancel request of a stop, the response
 * metrics (`createMetricsTracker`, loaded by the first stream or the first response), the decision on
 * a tool call that awaits approval, the page's tools (`clientTools`), the recovery
 * from a server `reset`, edits, regenerations, branch switches and ratings (`feedback`), and the transport's rare paths (the wait before a reconnect, the
 * `http_error` of a failed response: `transport`, loaded as a stream opens; the error of a
 * stream that dropped before it could be resumed). A healthy first
 * answer runs none of them. The chunk imports nothing of the initial code: what it uses of
 * it comes as `initial`. Internal.
 */
export function createLazySession(initial: InitialKit) {
  const kit: LazySessionKit = { ...initial, createHttpError: (input) => httpError(initial, input) };
  return {
    transport: createTransportRare(initial),
    createMetricsTracker,
    resumeStream: resumeStream.bind(null, kit),
    cancelOnServer: cancelOnServer.bind(null, kit),
    decide: (session: Session, _start: StartPrompt, toolCallId: string, decision: { approved: boolean; reason?: string }) =>
      decideToolCall(kit, session.options, session.routes.endpoint, session.state.conversationId, toolCallId, decision),
    createClientToolRunner: createClientToolRunner.bind(null, kit),
    continueToolCall: (session: Session, _start: StartPrompt, toolCallId: string, choice: 'rerun' | 'report') =>
      session.tools().then((runner) => runner.settle(session.state, toolCallId, choice)),
    recoverStream: recoverStream.bind(null, kit),
    notResumableError: notResumableError.bind(null, kit),
    edit: editMessage.bind(null, kit),
    regenerate: regenerateMessage.bind(null, kit),
    switchBranch: switchToBranch.bind(null, kit),
    retry: retryLast.bind(null, kit),
    feedback: rateMessage.bind(null, kit),
  };
}

/** The session's rare paths, bound to what they use of the initial code ({@link createLazySession}). */
export type LazySession = ReturnType<typeof createLazySession>;
