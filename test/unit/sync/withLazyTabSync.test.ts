import { createChatStore } from '../../../src/core/store/createChatStore';
import type { TabRole } from '../../../src/core/sync/MultiTabOptions';
import { memoryStorage, testStream } from '../session/fakeChatFetch';
import { createMemoryChannels, createMemoryLocks } from './memoryTabs';

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function tab(conversationId: string | undefined) {
  const roles: TabRole[] = [];
  const posts: string[] = [];
  const stream = testStream();
  const store = createChatStore({
    ...(conversationId ? { conversationId } : {}),
    storage: memoryStorage(),
    generateId: (() => {
      let n = 0;
      return () => `id${++n}`;
    })(),
    transport: { idleTimeoutMs: 0 },
    fetch: async (input, init) => {
      posts.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return stream.response;
    },
    multiTab: { channel: createMemoryChannels().channel, locks: createMemoryLocks(), onRoleChange: (r) => roles.push(r) },
  });
  return { store, roles, posts, stream };
}

describe('multi-tab sync loaded on demand', () => {
  it('a tab without a conversation sends at once, without waiting for the sync module', () => {
    const t = tab(undefined);
    t.store.getState().controller.attach();
    void t.store.getState().send('Hi');
    expect(t.store.getState().phase).toBe('submitted');
    expect(t.roles).toEqual([]);
    t.store.getState().controller.dispose();
  });

  it('a tab of a known conversation loads sync on attach; a prompt sent meanwhile goes through the elected leader', async () => {
    const t = tab('c1');
    t.store.getState().controller.attach();
    const sent = t.store.getState().send('Hi');
    await until(() => t.roles.includes('leader'), 'the tab to lead');
    await until(() => t.posts.length > 0, 'the prompt to be posted');
    expect(t.posts).toEqual(['POST /api/chat']);
    expect(t.store.getState().messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    t.stream.send({ type: 'text-delta', delta: 'Hello' }, 1);
    t.stream.send({ type: 'done', finishReason: 'stop' }, 2);
    await sent;
    expect(t.store.getState().phase).toBe('complete');
    t.store.getState().controller.dispose();
  });

  it('a disposed tab does not join once the module arrives', async () => {
    const t = tab('c2');
    t.store.getState().controller.attach();
    t.store.getState().controller.dispose();
    await import('../../../src/core/sync/withTabSync');
    await new Promise((r) => setTimeout(r, 20));
    expect(t.roles).toEqual([]);
  });
});
