import { createChatController } from '../../../src/core/session/createChatController';
import type { ChatController } from '../../../src/core/session/ChatController';
import type { TabRole } from '../../../src/core/sync/MultiTabOptions';
import type { OutgoingSyncMessage, TabLink } from '../../../src/core/sync/TabLink';
import { createFakeFetch, jsonResponse } from '../session/fakeChatFetch';

/**
 * A tab's link for unit tests of the sync parts: a real session controller (on a fake fetch
 * that answers 404 and records requests, frames run at once), a role the test sets, and the
 * messages posted, in order.
 */
export function fakeLink(role: TabRole = 'leader', controller?: ChatController) {
  const net = createFakeFetch(() => jsonResponse(404, { error: 'not in this test' }));
  let n = 0;
  const own =
    controller ??
    createChatController(
      {
        conversationId: 'c1',
        fetch: net.fetch,
        storage: null,
        generateId: () => `id${++n}`,
        scheduler: { schedule: (task) => task(), flush: () => undefined, cancel: () => undefined },
        transport: { idleTimeoutMs: 0, maxRetries: 0 },
      },
      () => undefined,
    );
  const posted: OutgoingSyncMessage[] = [];
  const state = { role, disposed: false, ids: 0 };
  const link: TabLink = {
    tabId: 'me',
    name: 'chatwire:/api/chat:c1',
    controller: own,
    role: () => state.role,
    disposed: () => state.disposed,
    post: (message) => void posted.push(structuredClone(message)),
    newId: () => `r${++state.ids}`,
  };
  return { link, controller: own, posted, requests: net.requests, state, types: () => posted.map((m) => m.type) };
}
