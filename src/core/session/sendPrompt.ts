import { randomId } from '../randomId';
import type { SendOptions } from './ChatController';
import { beginRun } from './beginRun';
import type { Session } from './createSession';
import { ACTIVE_PHASES } from './phases';
import { readStream } from './readStream';

/** What a generation starts from: a prompt (a send, or an edit of the prompt `edit` placed after `parentId`), or a regeneration of the answer `regenerate`. */
export type PromptInput = { text: string; edit?: string; parentId?: string } | { regenerate: string };

/**
 * The send flow, also of an edit and a regeneration: a response still streaming is stopped
 * first (`stop`, a real cancel on the server; its partial answer stays in its branch); the
 * prompt (or, for a regeneration, the new answer's place) and an empty answer show at once
 * (submit or regenerate, `connecting`, published); the POST (body: the `body` option, the
 * call's extra fields, `message` with `edit`, or `regenerate`, the page's `clientTools` and
 * the known `conversationId`) waits for that stop's cancel request, because the server
 * refuses a prompt while the conversation is still answering; then the answer streams
 * ({@link readStream}). Internal.
 */
export async function sendPrompt(session: Session, input: PromptInput, sendOptions: SendOptions | undefined, stop: () => Promise<void>): Promise<void> {
  const { options } = session;
  const stopping = session.run || ACTIVE_PHASES.has(session.state.phase) ? stop() : null;
  const id = options.generateId ?? (() => randomId('m'));
  const at = session.now();
  const base = typeof options.body === 'function' ? options.body() : (options.body ?? {});
  const body: Record<string, unknown> = { ...base, ...sendOptions?.body };
  const assistantMessageId = 'text' in input ? ((body.message = { id: id(), text: input.text }), id()) : id();
  if ('text' in input) {
    session.reduce({ type: 'submit', userMessage: body.message as { id: string; text: string }, assistantMessageId, at, parentId: input.parentId });
    body.edit = input.edit;
  } else {
    session.reduce({ type: 'regenerate', messageId: (body.regenerate = input.regenerate), assistantMessageId, at });
  }
  session.protocol = options.protocol ?? 'auto';
  session.reduce({ type: 'connection', connection: 'connecting' });
  session.tracker.start(assistantMessageId, at, false);
  session.commit(true);
  if (options.clientTools?.length) body.clientTools = options.clientTools.map(({ name, description, parameters }) => ({ name, description, parameters }));
  if (session.state.conversationId) body.conversationId = session.state.conversationId;
  return beginRun(session, async (abort) => {
    if (stopping) await stopping;
    if (abort.signal.aborted) return;
    await readStream(session, abort, { url: session.routes.endpoint, method: 'POST', body, resumed: false });
  });
}
