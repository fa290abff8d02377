import type { SendOptions } from './ChatController';
import type { Session } from './createSession';
import type { LazySessionKit } from './LazySessionKit';
import { postBranch } from './postBranch';
import type { ChatMessage } from './types';

/** Starts a generation (the initial chunk's `sendPrompt`, bound to the controller): a prompt, or with `regenerate` an answer again. */
export type StartPrompt = (text: string, sendOptions?: SendOptions, regenerate?: string, parentId?: string) => Promise<void>;

/**
 * `ChatController.edit`: a prompt with `text` in place of the prompt `messageId`, its
 * sibling (`sendPrompt` with the edit's place); rejects for an id that is not a known
 * prompt. Internal; in the lazy session chunk.
 */
export function editMessage(kit: LazySessionKit, session: Session, start: StartPrompt, messageId: string, text: string): Promise<void> {
  const parentId = placeOf(kit, session, messageId, 'user', 'edit');
  return parentId instanceof Error ? Promise.reject(parentId) : start(text, { body: { edit: messageId } }, undefined, parentId);
}

/** `ChatController.regenerate`: a new answer in place of the answer `messageId`; rejects for an id that is not a known answer. Internal; lazy. */
export function regenerateMessage(kit: LazySessionKit, session: Session, start: StartPrompt, messageId: string): Promise<void> {
  const placed = placeOf(kit, session, messageId, 'assistant', 'regenerate');
  return placed instanceof Error ? Promise.reject(placed) : start('', { body: { regenerate: messageId } }, messageId, placed);
}

/**
 * `ChatController.switchBranch`: shows the sibling at `index` of the message `messageId`
 * with its whole continuation (a local `branch` event, published at once), then records it
 * on the server (`postBranch`), which writes the `branch` event every tab and device
 * applies. Nothing while an answer is being written, for an unknown id or an index out of
 * range. Internal; in the lazy session chunk.
 */
export function switchToBranch(kit: LazySessionKit, session: Session, _start: StartPrompt, messageId: string, index: number): void {
  const { state } = session;
  const tree = state.messages;
  const keys = kit.parentKeys(tree);
  const at = tree.findIndex((m) => m.id === messageId);
  const siblings = tree.filter((_, i) => at !== -1 && keys[i] === keys[at]).map((m) => m.id);
  const target = siblings[index];
  if (target === undefined || kit.ACTIVE_PHASES.has(state.phase)) return;
  const shown = kit.activePath(tree, state.selection);
  const previous = siblings.find((id) => shown.some((m) => m.id === id)) ?? target;
  session.dispatch({ type: 'branch', messageId: target }, true);
  // The branch route sits beside the history route: a server without history keeps no branches.
  const id = state.conversationId;
  if (session.state === state || !id || !session.route('history')) return;
  void postBranch(kit, session, `${session.routes.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(id)}/branch`, target, previous);
}

/** `ChatController.retry`: the last prompt of the branch shown, sent again as a new generation. Internal; lazy. */
export async function retryLast(kit: LazySessionKit, session: Session, start: StartPrompt): Promise<void> {
  const { messages, selection } = session.state;
  const prompt = kit.activePath(messages, selection).filter((m) => m.role === 'user').at(-1);
  // The prompt's text parts, as typed (joinText's rule, written here: the chunk imports no initial module).
  if (prompt) await start(prompt.parts.map((p) => (p.type === 'text' ? p.text : '')).join(''));
}

/** The parent key of the message `id` when it has `role`, else the error saying what is wrong. */
function placeOf(kit: LazySessionKit, session: Session, id: string, role: ChatMessage['role'], action: string): string | Error {
  const tree = session.state.messages;
  const at = tree.findIndex((m) => m.id === id);
  const found = tree[at];
  if (found?.role === role) return kit.parentKeys(tree)[at] as string;
  const wanted = role === 'user' ? 'a prompt (a user message)' : 'an answer (an assistant message)';
  const what = found ? `which is ${found.role === 'user' ? 'a prompt' : 'an answer'}` : 'which this conversation does not have';
  return new kit.ChatwireError(`chatwire: ${action}() takes the id of ${wanted}; received "${id}", ${what}.`, { code: 'invalid_message_id', retryable: false });
}
