import { oneLine, titleFromPrompt } from '../../core/conversations/titleFromPrompt';
import { messageOf } from '../../core/messageOf';
import { conversationIndexOf } from './guardConversationIndex';
import type { HandlerContext } from './HandlerContext';
import { MAX_TITLE_CHARS } from './conversationRenameRoute';

/** How long the model may take to title a conversation, in ms. */
export const TITLE_TIMEOUT_MS = 10_000;

/** What a generation tells the user's conversation list. */
export interface GenerationIndexing {
  /** The generation ended: not running, updated now, two more messages. Never rejects. */
  finished(): Promise<void>;
}

/**
 * Tells the user's conversation list that a generation started, in the background (never
 * delaying the answer): a new conversation is listed with its first prompt as title (and,
 * when the model can title, its better title a moment later, unless renamed meanwhile); an
 * existing one is marked running and moved to the top. Failures are logged, never thrown:
 * the list is a view, the conversation log is the truth.
 */
export function indexGeneration(
  ctx: HandlerContext,
  start: { userId: string; conversationId: string; create: boolean; prompt: string; startedAt: number },
): GenerationIndexing {
  const index = conversationIndexOf(ctx.store);
  if (!index) return { finished: async () => undefined };
  const { userId, conversationId, startedAt } = start;
  const fail = (what: string) => (error: unknown): void => {
    console.error(`chatwire: could not ${what} conversation ${conversationId} in the conversation list:`, messageOf(error));
  };
  const summary = { conversationId, title: titleFromPrompt(start.prompt), createdAt: startedAt, updatedAt: startedAt, messageCount: 0, running: true };
  const started: Promise<unknown> = (
    start.create
      ? index.indexConversation(userId, summary, 'prompt') as Promise<unknown>
      : index
          .updateConversation(userId, conversationId, { running: true, updatedAt: startedAt }, 'conversation-started')
          // A conversation from before the store kept a list: listed from this prompt on.
          .then((updated): unknown => updated ?? index.indexConversation(userId, summary, 'prompt'))
  ).catch(fail('list'));
  const title = ctx.model.title;
  if (start.create && title) {
    void started
      .then(() => title.call(ctx.model, { conversationId, prompt: start.prompt, signal: AbortSignal.timeout(TITLE_TIMEOUT_MS) }))
      .then((better) => {
        const line = typeof better === 'string' ? oneLine(better).slice(0, MAX_TITLE_CHARS) : '';
        if (line) return index.updateConversation(userId, conversationId, { title: line, titleBy: 'model' }, 'conversation-renamed');
        return null;
      })
      .catch(fail('title'));
  }
  return {
    finished: () =>
      started
        .then(() => index.updateConversation(userId, conversationId, { running: false, updatedAt: ctx.now(), addMessages: 2 }, 'conversation-finished'))
        .then(() => undefined, fail('mark the end of a generation of')),
  };
}
