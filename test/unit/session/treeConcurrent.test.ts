/**
 * Concurrent edits of one prompt from two tabs that do not share a leader (two devices, or
 * two tabs with multi-tab sync off), against the real server companion in process: the
 * server runs one generation at a time, the later edit waits for the earlier one's answer
 * to end (bounded), and both become siblings; nothing is lost or doubled, the history and a
 * reload agree. Real timers; every wait is bounded.
 */
import { activePath } from '../../../src/core/session/activePath';
import { siblingsOf } from '../../../src/core/session/branchOf';
import type { ChatMessage } from '../../../src/core/session/types';
import { createChatStore, type ChatStore } from '../../../src/core/store/createChatStore';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { memoryStorage } from './fakeChatFetch';
import { textOf } from './harness';

const handlers: ChatHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.close()));
});

const view = (s: { messages: ChatMessage[]; selection: Record<string, string> }) => activePath(s.messages, s.selection);

describe('concurrent edits from two tabs without a shared leader', () => {
  it('two edits of one prompt at the same moment: both kept as siblings with their own answers, in the order they ran; a reload shows the last', async () => {
    const model = createMockModel({ delayMs: 2 });
    const handler = createChatHandler({ model, heartbeatMs: 60_000 });
    handlers.push(handler);
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => handler(new Request(new URL(String(input), 'http://127.0.0.1'), init))) as typeof globalThis.fetch;
    const tab = (conversationId?: string): ChatStore =>
      createChatStore({ fetch, storage: memoryStorage(), multiTab: false, follow: false, ...(conversationId ? { conversationId } : {}) });

    const one = tab();
    await one.getState().send('hello');
    const id = one.getState().conversationId as string;
    const two = tab(id);
    await two.getState().resume();
    const u1 = view(two.getState())[0] as ChatMessage;
    expect(view(one.getState())[0]?.id).toBe(u1.id);

    const errors: unknown[] = [];
    await Promise.all([
      one.getState().edit(u1.id, 'hello from tab one'),
      two.getState().edit(u1.id, 'hello from tab two'),
    ]);
    await handler.settled();
    for (const store of [one, two]) {
      const s = store.getState();
      if (s.error) errors.push(s.error);
      expect(s.phase).toBe('complete');
    }
    expect(errors).toEqual([]);
    expect(model.calls).toBe(3);

    const reloaded = tab(id);
    await reloaded.getState().resume();
    const s = reloaded.getState();
    const prompts = s.messages.filter((m) => m.role === 'user');
    expect(prompts.map((m) => textOf(m)).sort()).toEqual(['hello', 'hello from tab one', 'hello from tab two']);
    expect(s.messages.filter((m) => m.role === 'assistant')).toHaveLength(3);
    expect(new Set(s.messages.map((m) => m.id)).size).toBe(s.messages.length);
    expect(siblingsOf(s.messages, u1.id)?.count).toBe(3);
    // Every prompt has its own complete answer.
    for (const prompt of prompts) {
      const answers = s.messages.filter((m) => m.parentId === prompt.id);
      expect(answers.map((m) => m.finishReason)).toEqual(['stop']);
    }
    // The path is the branch written last: the edit that ran second.
    const last = prompts.at(-1) as ChatMessage;
    expect(view(s).map((m) => m.id)).toEqual([last.id, s.messages.find((m) => m.parentId === last.id)?.id]);
    // Each tab shows its own edit's branch, as it wrote it.
    expect(textOf(view(one.getState())[0])).toBe('hello from tab one');
    expect(textOf(view(two.getState())[0])).toBe('hello from tab two');
  });
});
