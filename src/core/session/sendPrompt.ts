import { randomId } from '../randomId';
import type { SendOptions } from './ChatController';
import { beginRun } from './beginRun';
import type { Session } from './createSession';
import { ACTIVE_PHASES } from './phases';
import { readStream } from './readStream';

/**
 * The send flow, also of an edit (`parentId`: the edited prompt's; `sendOptions.body.edit`)
 * and of a regeneration (`regenerate`: the answer written again, `parentId` its prompt,
 * `text` unused; the body has no `message`): a response still streaming is stopped first (`stop`, a real cancel on the
 * server; its partial answer stays in its branch); the prompt and an
 * empty answer show at once (submit or regenerate, `connecting`, published); the POST (body: the
 * `body` option, the call's extra fields, `message`, the page's `clientTools` and the known
 * `conversationId`) waits
 * for that stop's cancel request, because the server refuses a prompt while the
 * conversation is still answering; then the answer streams ({@link readStream}). Internal.
 */
export async function sendPrompt(
  session: Session,
  text: string,
  sendOptions: SendOptions | undefined,
  stop: () => Promise<void>,
  regenerate?: string,
  parentId?: string,
): Promise<void> {
  const { options } = session;
  const stopping = session.run || ACTIVE_PHASES.has(session.state.phase) ? stop() : null;
  const id = options.generateId ?? (() => randomId('m'));
  const message = { id: id(), text };
  const assistantMessageId = id();
  const at = session.now();
  session.protocol = options.protocol ?? 'auto';
  session.reduce(regenerate ? { type: 'submit', assistantMessageId, at, parentId } : { type: 'submit', userMessage: message, assistantMessageId, at, parentId });
  session.reduce({ type: 'connection', connection: 'connecting' });
  session.tracker.start(assistantMessageId, at, false);
  session.commit(true);
  const base = typeof options.body === 'function' ? options.body() : (options.body ?? {});
  const body: Record<string, unknown> = { ...base, ...sendOptions?.body };
  if (!regenerate) body.message = message;
  if (options.clientTools?.length) body.clientTools = options.clientTools.map(({ name, description, parameters }) => ({ name, description, parameters }));
  if (session.state.conversationId) body.conversationId = session.state.conversationId;
  return beginRun(session, async (abort) => {
    if (stopping) await stopping;
    if (abort.signal.aborted) return;
    await readStream(session, abort, { url: session.routes.endpoint, method: 'POST', body, resumed: false });
  });
}
