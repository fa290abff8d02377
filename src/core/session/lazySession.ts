import { cancelOnServer } from './cancelOnServer';
import { createClientToolRunner } from './createClientToolRunner';
import { decideToolCall } from './decideToolCall';
import type { LazySessionKit } from './LazySessionKit';
import { recoverStream } from './recoverStream';
import { resumeStream } from './resumeStream';

/**
 * The session's rare paths, one chunk loaded on demand (`loadLazySession`): the requests of
 * a resume (history, then the resume route), the cancel request of a stop, the decision on
 * a tool call that awaits approval, the page's tools (`clientTools`), and the recovery
 * from a server `reset`. The first
 * answer runs none of them. The chunk imports nothing of the initial code: what it uses of
 * it comes as `kit`. Internal.
 */
export function createLazySession(kit: LazySessionKit) {
  return {
    resumeStream: resumeStream.bind(null, kit),
    cancelOnServer: cancelOnServer.bind(null, kit),
    decideToolCall: decideToolCall.bind(null, kit),
    createClientToolRunner: createClientToolRunner.bind(null, kit),
    recoverStream: recoverStream.bind(null, kit),
  };
}

/** The session's rare paths, bound to what they use of the initial code ({@link createLazySession}). */
export type LazySession = ReturnType<typeof createLazySession>;
