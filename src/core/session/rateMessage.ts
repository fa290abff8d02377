import type { StartPrompt } from './branchActions';
import type { Session } from './createSession';
import type { LazySessionKit } from './LazySessionKit';
import { requestJson } from './requestJson';
import type { MessageFeedback } from './types';

/**
 * `ChatController.feedback`: rates the answer `messageId` (`'up'`, `'down'`, `null` to take
 * the rating back). The rating shows at once (a local `feedback` event, published); with a
 * conversation on a server that keeps history (chatwire's: the history route applies), it
 * is recorded with the feedback route, `POST {endpoint}/{id}/messages/{messageId}/feedback`,
 * which appends the `feedback` event every tab and device following the conversation
 * applies, and keeps it on the message in the history (a reload shows it). When another
 * rating of the same answer won at the same moment (409 `feedback_conflict`), that one
 * shows; when the server refuses or cannot be reached, the earlier rating shows again and
 * `onError` hears why (`feedback_failed`). Resolves once recorded or undone; rejects at once
 * for an id that is not a known answer, or a value other than `'up'`, `'down'` or `null`.
 * Internal; in the lazy session chunk.
 */
export async function rateMessage(kit: LazySessionKit, session: Session, _start: StartPrompt, messageId: string, value: MessageFeedback | null): Promise<void> {
  const { state } = session;
  const message = state.messages.find((m) => m.id === messageId);
  if (message?.role !== 'assistant') {
    const what = message ? 'which is a prompt' : 'which this conversation does not have';
    throw new kit.ChatwireError(`chatwire: feedback() rates an answer (an assistant message); received "${messageId}", ${what}.`, { code: 'invalid_message_id', retryable: false });
  }
  if (value !== 'up' && value !== 'down' && value !== null) {
    throw new kit.ChatwireError(`chatwire: feedback() takes 'up', 'down' or null; received ${JSON.stringify(value) ?? String(value)}.`, { code: 'invalid_request', retryable: false });
  }
  const earlier = message.feedback ?? null;
  if (earlier === value) return;
  const show = (shown: MessageFeedback | null): void => session.dispatch({ type: 'feedback', messageId, value: shown }, true);
  show(value);
  const id = state.conversationId;
  // The feedback route sits beside the history route: a server without history keeps no ratings.
  if (!id || !session.route('history')) return;
  const url = `${session.routes.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}/feedback`;
  try {
    await requestJson(kit, session.options, url, { method: 'POST', body: { value } });
  } catch (e) {
    const won = e instanceof kit.ChatwireError && e.status === 409 ? (e.details as { body?: { feedback?: MessageFeedback | null } } | undefined)?.body?.feedback : undefined;
    if (won !== undefined) return show(won);
    show(earlier);
    session.options.onError?.({
      type: 'error',
      code: 'feedback_failed',
      retryable: true,
      message: `The rating of message "${messageId}" could not be recorded on the server (${kit.messageOf(e)}), so the earlier one is shown again. Rate it again.`,
    });
  }
}
