import { activePath, parentKeys } from '../../core/session/activePath';
import { joinText } from '../../core/session/joinText';
import type { ChatMessage } from '../../core/session/types';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import type { StartBody } from './validateStartBody';

/** What a start request asks the generation to do, placed in the conversation's tree. */
export interface GenerationPlan {
  /** The prompt the answer is for: new (a send or an edit) or the existing one (a regeneration). */
  userMessage: ChatMessage;
  /** Whether `userMessage` is new (written to the log and the history) or already there. */
  newPrompt: boolean;
  /** The active path before the prompt: what the model reads before it (bounded by `contextMessages`). */
  history: ChatMessage[];
  /** How many answers the prompt had before this one (0 but for a regeneration). */
  variant: number;
  /**
   * The branch choices that put the prompt on the active path (every ancestor's), written
   * when the generation ends with the prompt's and the answer's own: after a generation, the
   * path is the branch it wrote, on the server as in every client.
   */
  selection: Record<string, string>;
}

/**
 * Places a start request in the conversation's message tree (docs/branches.md): a send
 * continues the active path; an `edit` is a sibling of the edited prompt; a `regenerate`
 * writes a sibling of the answer for the same prompt. Refuses an id the conversation does
 * not have (404 `message_not_found`), an edit of an answer (400 `not_a_prompt`), a
 * regeneration of a prompt (400 `not_an_answer`) and a `message.id` already used (409
 * `message_id_conflict`). Called once the generation holds the conversation, so the tree
 * cannot change meanwhile. The model reads only the active path.
 */
export async function planGeneration(ctx: HandlerContext, conversationId: string, create: boolean, body: StartBody, startedAt: number): Promise<GenerationPlan> {
  const [tree, selection] = create
    ? [[], {}]
    : await Promise.all([ctx.db.getMessages(conversationId), ctx.db.getSelection ? ctx.db.getSelection(conversationId) : Promise.resolve({})]);
  const keys = parentKeys(tree);
  const index = new Map(tree.map((m, i) => [m.id, i]));
  const bound = (path: ChatMessage[]): ChatMessage[] => (ctx.contextMessages > 1 ? path.slice(-(ctx.contextMessages - 1)) : []);
  /** The message `id` and its ancestors, oldest first. */
  const pathTo = (id: string): ChatMessage[] => {
    const chain: ChatMessage[] = [];
    for (let at = index.get(id); at !== undefined && chain.length <= tree.length; at = index.get(keys[at] as string)) {
      chain.unshift(tree[at] as ChatMessage);
      if (keys[at] === '') break;
    }
    return chain;
  };
  const target = (field: 'edit' | 'regenerate', id: string, role: ChatMessage['role']): number => {
    const at = index.get(id);
    if (at === undefined) {
      throw new HttpError(404, 'message_not_found', `Conversation "${conversationId}" has no message "${id}" (${field}): it never existed there, is still being written, or is older than the history keeps.`, field);
    }
    if (tree[at]?.role !== role) {
      const [code, what] = role === 'user' ? ['not_a_prompt', 'edit takes the id of a prompt (a user message); to write an answer again, send regenerate'] : ['not_an_answer', 'regenerate takes the id of an answer (an assistant message); to change a prompt, send edit with the new text'];
      throw new HttpError(400, code as string, `Message "${id}" of conversation "${conversationId}" is ${role === 'user' ? 'an answer' : 'a prompt'}: ${what}.`, field);
    }
    return at;
  };

  if (body.regenerate !== undefined) {
    const at = target('regenerate', body.regenerate, 'assistant');
    const prompt = tree[index.get(keys[at] as string) ?? -1];
    if (prompt?.role !== 'user') {
      throw new HttpError(404, 'message_not_found', `The prompt of answer "${body.regenerate}" is no longer in the history of conversation "${conversationId}", so it cannot be answered again.`, 'regenerate');
    }
    const variant = keys.filter((k) => k === prompt.id).length;
    const path = pathTo(prompt.id);
    return { userMessage: prompt, newPrompt: false, history: bound(path.slice(0, -1)), variant, selection: choices(path) };
  }
  const message = body.message as NonNullable<StartBody['message']>;
  if (message.id !== undefined && index.has(message.id)) {
    throw new HttpError(409, 'message_id_conflict', `Conversation "${conversationId}" already has a message with id "${message.id}". Send a new id for every prompt (or none: the server makes one).`, 'message.id');
  }
  let parentId: string;
  let history: ChatMessage[];
  if (body.edit !== undefined) {
    parentId = keys[target('edit', body.edit, 'user')] as string;
    history = parentId === '' ? [] : pathTo(parentId);
  } else {
    history = activePath(tree, selection);
    parentId = history[history.length - 1]?.id ?? '';
  }
  const userMessage: ChatMessage = { id: message.id ?? ctx.newId(), role: 'user', parts: [{ type: 'text', text: message.text }], createdAt: startedAt, parentId };
  return { userMessage, newPrompt: true, history: bound(history), variant: 0, selection: choices(history) };

  /** The choices that make `path` (a chain from the start) the active one. */
  function choices(path: ChatMessage[]): Record<string, string> {
    return Object.fromEntries(path.map((m) => [keys[index.get(m.id) as number] as string, m.id]));
  }
}

/** The text of the prompt a plan answers (a new one, or the regenerated answer's). */
export function promptText(plan: GenerationPlan): string {
  return joinText(plan.userMessage.parts);
}
