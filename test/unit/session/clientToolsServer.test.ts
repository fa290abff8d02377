/**
 * Tools the page runs, end to end in process: chat stores (the client, with `clientTools`)
 * against createChatHandler and the mock model's `get_local_time` call.
 */
import { createChatStore, type ChatStore } from '../../../src/core/store/createChatStore';
import type { ClientTool } from '../../../src/core/session/ClientTool';
import type { ToolCallPart } from '../../../src/core/session/types';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { memoryStorage } from './fakeChatFetch';
import { textOf } from './harness';

const handlers: ChatHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.close()));
});

function server() {
  const handler = createChatHandler({ model: createMockModel({ delayMs: 0 }), heartbeatMs: 60_000 });
  handlers.push(handler);
  const requests: Array<{ url: string; body: unknown }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method === 'POST') requests.push({ url: String(input), body: JSON.parse(String(init.body)) });
    return handler(new Request(new URL(String(input), 'http://127.0.0.1'), init));
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

function client(fetch: typeof globalThis.fetch, clientTools: ClientTool[], conversationId?: string): ChatStore {
  return createChatStore({ fetch, clientTools, storage: memoryStorage(), multiTab: false, conversationId, transport: { backoff: { initialMs: 5, jitter: 'none' }, idleTimeoutMs: 0 } });
}

const answer = (store: ChatStore): string => textOf([...store.getState().messages].reverse().find((m) => m.role === 'assistant'));
const timeCall = (store: ChatStore): ToolCallPart | undefined =>
  store.getState().messages.flatMap((m) => m.parts).find((p): p is ToolCallPart => p.type === 'tool-call' && p.name === 'get_local_time');

describe('clientTools through the chat store', () => {
  it('sends the tool with the prompt, runs the call once in the page, posts its result, and the answer uses it', async () => {
    const { fetch, requests } = server();
    const runs: unknown[] = [];
    const tool: ClientTool = {
      name: 'get_local_time',
      description: "The user's local time",
      parameters: { type: 'object', properties: {} },
      execute: (args, { toolCallId }) => {
        runs.push({ args, toolCallId });
        return { time: '09:30', zone: 'Europe/Lisbon' };
      },
    };
    const store = client(fetch, [tool]);
    await store.getState().send('What time is it here?');
    expect(store.getState().phase).toBe('complete');
    expect(answer(store)).toBe('Your browser says it is 09:30 (Europe/Lisbon).');
    expect(runs).toEqual([{ args: {}, toolCallId: timeCall(store)?.toolCallId }]);
    expect(requests[0]?.body).toMatchObject({ clientTools: [{ name: 'get_local_time', description: "The user's local time", parameters: { type: 'object', properties: {} } }] });
    expect(requests.filter((r) => r.url.endsWith('/result'))).toEqual([
      { url: `/api/chat/${store.getState().conversationId}/tool-calls/${timeCall(store)?.toolCallId}/result`, body: { result: { time: '09:30', zone: 'Europe/Lisbon' } } },
    ]);
    expect(timeCall(store)).toMatchObject({ state: 'result', result: { time: '09:30', zone: 'Europe/Lisbon' } });
  });

  it('a throwing tool posts an error result the model reads; a page without the tool gets the server error', async () => {
    const { fetch } = server();
    const store = client(fetch, [{ name: 'get_local_time', execute: () => { throw new Error('no clock here'); } }]);
    await store.getState().send('What time is it?');
    expect(answer(store)).toBe('I could not read your clock: get_local_time failed in the page: no clock here');
    expect(timeCall(store)).toMatchObject({ state: 'error', isError: true });

    const bare = client(fetch, []);
    await bare.getState().send('What is the local time?');
    expect(answer(bare)).toMatch(/^I could not read your clock: No tool named "get_local_time" on this server/);
  });
});
