import type { Session } from './createSession';
import type { LazySessionKit } from './LazySessionKit';
import { requestJson } from './requestJson';

/**
 * Records a branch switch on the server (POST the branch route with `{ messageId }`). When
 * the server refuses or cannot be reached, the switch is undone here (`previous` shown
 * again) and `onError` hears why.
 * Never rejects. Internal; in the lazy session chunk.
 */
export async function postBranch(kit: LazySessionKit, session: Session, url: string, messageId: string, previous: string): Promise<void> {
  try {
    await requestJson(kit, session.options, url, { method: 'POST', body: { messageId } });
  } catch (e) {
    session.dispatch({ type: 'branch', messageId: previous }, true);
    session.options.onError?.({
      type: 'error',
      code: 'branch_failed',
      retryable: true,
      message: `The branch of message "${messageId}" could not be recorded on the server (${kit.messageOf(e)}), so the earlier one is shown again. Retry the switch.`,
    });
  }
}
