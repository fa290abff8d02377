/**
 * Edit, regenerate and branches end to end: the session controller against the real
 * server companion (createChatHandler + mock model + memory store), in process: the handler
 * is the `fetch`. Real timers; every wait is bounded.
 */
import { createChatStore, type ChatStore } from '../../../src/core/store/createChatStore';
import type { ChatOptions } from '../../../src/core/session/ChatOptions';
import { activePath } from '../../../src/core/session/activePath';
import { siblingsOf } from '../../../src/core/session/branchOf';
import type { ChatMessage } from '../../../src/core/session/types';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel, type MockModel } from '../../../src/server/models/mock';
import type { ModelRequest, ModelSource } from '../../../src/server/types';
import { memoryStorage } from './fakeChatFetch';
import { textOf } from './harness';

const handlers: ChatHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.close()));
});

/** The mock model, recording what each call was asked. */
function recording(model: MockModel): { model: ModelSource & { tools: unknown }; requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    requests,
    model: {
      name: 'recording-mock',
      tools: model.tools,
      stream(request) {
        requests.push(request);
        return model.stream(request);
      },
    },
  };
}

function server(model: ModelSource) {
  const handler = createChatHandler({ model, heartbeatMs: 60_000 });
  handlers.push(handler);
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    handler(new Request(new URL(String(input), 'http://127.0.0.1'), init))) as typeof globalThis.fetch;
  return { handler, fetch };
}

function client(fetch: typeof globalThis.fetch, extra: ChatOptions = {}): ChatStore {
  return createChatStore({ fetch, storage: memoryStorage(), transport: { backoff: { initialMs: 5, jitter: 'none' }, idleTimeoutMs: 0 }, ...extra });
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface History {
  messages: ChatMessage[];
  selection: Record<string, string>;
  lastSeq: number;
}
const history = async (fetch: typeof globalThis.fetch, id: string): Promise<History> => (await (await fetch(`/api/chat/${id}/messages`)).json()) as History;
const post = (fetch: typeof globalThis.fetch, url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const texts = (messages: ChatMessage[]) => messages.map((m) => textOf(m));
/** The conversation as shown: the active path through the state's message tree. */
const view = (s: { messages: ChatMessage[]; selection: Record<string, string> }) => activePath(s.messages, s.selection);
const promptTexts = (request: ModelRequest) => request.messages.filter((m) => m.role === 'user').map((m) => textOf(m));

describe('edit, regenerate and branches against the server companion', () => {
  it('an edit is a sibling prompt with a new answer; the model reads only the active path; the history keeps both branches', async () => {
    const { model, requests } = recording(createMockModel({ delayMs: 0 }));
    const { fetch } = server(model);
    const store = client(fetch);
    await store.getState().send('hello there');
    await store.getState().send('quick question about tables');
    const [, , u2] = view(store.getState()) as [ChatMessage, ChatMessage, ChatMessage, ChatMessage];
    await store.getState().edit(u2.id, 'quick question about code');
    const s = store.getState();
    expect(s.phase).toBe('complete');
    expect(texts(view(s).filter((m) => m.role === 'user'))).toEqual(['hello there', 'quick question about code']);
    expect(s.messages).toHaveLength(6);
    const edited = view(s)[2] as ChatMessage;
    expect(edited.parentId).toBe(u2.parentId);
    expect(siblingsOf(s.messages, edited.id)).toMatchObject({ index: 1, count: 2 });
    // The model saw the first exchange and the edited prompt, never the prompt it replaced.
    expect(promptTexts(requests.at(-1) as ModelRequest)).toEqual(['hello there', 'quick question about code']);
    const h = await history(fetch, s.conversationId ?? '');
    expect(h.messages.map((m) => m.id)).toEqual(s.messages.map((m) => m.id));
    expect(activePath(h.messages, h.selection).map((m) => m.id)).toEqual(view(s).map((m) => m.id));
    expect(h.messages.every((m) => typeof m.parentId === 'string')).toBe(true);
  });

  it('regenerate writes a sibling answer (visibly another take); switching back shows the first; a reload keeps the choice', async () => {
    const { model, requests } = recording(createMockModel({ delayMs: 0 }));
    const { fetch } = server(model);
    const store = client(fetch);
    await store.getState().send('hello');
    const first = view(store.getState())[1] as ChatMessage;
    await store.getState().regenerate(first.id);
    let s = store.getState();
    const second = view(s)[1] as ChatMessage;
    expect(second.id).not.toBe(first.id);
    expect(second.parentId).toBe(first.parentId);
    expect(textOf(second)).toMatch(/^Take 2: /);
    expect(textOf(second)).not.toBe(textOf(first));
    expect(requests.at(-1)?.variant).toBe(1);
    expect(promptTexts(requests.at(-1) as ModelRequest)).toEqual(['hello']);
    expect(view(s)).toHaveLength(2);

    store.getState().switchBranch(second.id, 0);
    await until(() => view(store.getState())[1]?.id === first.id, 'the switch (its code loads with the first stream)');
    s = store.getState();
    expect(view(s).map((m) => m.id)).toEqual([view(s)[0]?.id, first.id]);
    const id = s.conversationId ?? '';
    // The server records the switch (the request follows the local switch): a new client (a
    // reload, another device) shows the first answer.
    let h = await history(fetch, id);
    for (let i = 0; i < 200 && activePath(h.messages, h.selection).at(-1)?.id !== first.id; i++) {
      await new Promise((r) => setTimeout(r, 5));
      h = await history(fetch, id);
    }
    expect(activePath(h.messages, h.selection).map((m) => m.id)).toEqual(view(s).map((m) => m.id));
    const reloaded = createChatStore({ fetch, storage: memoryStorage(), conversationId: id, follow: false });
    await reloaded.getState().resume();
    expect(view(reloaded.getState()).map((m) => m.id)).toEqual(view(s).map((m) => m.id));
    expect(reloaded.getState().messages).toHaveLength(3);
    // The next prompt continues the branch shown, and the model reads that branch only.
    await store.getState().send('hi again');
    const last = requests.at(-1) as ModelRequest;
    expect(last.messages.map((m) => m.id)).toContain(first.id);
    expect(last.messages.map((m) => m.id)).not.toContain(second.id);
  });

  it('an edit while the answer streams stops it on the server and keeps the partial answer in its branch', async () => {
    const mock = createMockModel({ delayMs: 4 });
    const { fetch, handler } = server(mock);
    const store = client(fetch);
    const streaming = store.getState().send('Tell me something long about streaming');
    await until(() => textOf(view(store.getState())[1] as ChatMessage).length > 20, 'some text');
    const [u1, a1] = view(store.getState()) as [ChatMessage, ChatMessage];
    await store.getState().edit(u1.id, 'quick one instead');
    await streaming;
    await handler.settled();
    expect(mock.aborts).toBe(1);
    const s = store.getState();
    expect(s.phase).toBe('complete');
    expect(texts(view(s))[0]).toBe('quick one instead');
    const h = await history(fetch, s.conversationId ?? '');
    const partial = h.messages.find((m) => m.id === a1.id) as ChatMessage;
    expect(partial.finishReason).toBe('cancelled');
    expect(textOf(partial).length).toBeGreaterThan(20);
    expect(h.messages.map((m) => m.id)).toEqual(s.messages.map((m) => m.id));
    expect(activePath(h.messages, h.selection).map((m) => m.id)).toEqual(view(s).map((m) => m.id));
    // The partial answer stays reachable: switching to the first prompt shows it.
    store.getState().switchBranch(u1.id, 0);
    await until(() => view(store.getState())[0]?.id === u1.id, 'the switch');
    expect(view(store.getState()).map((m) => m.id)).toEqual([u1.id, a1.id]);
  });

  it('two edits of one prompt in a row (two tabs through their leader) are two siblings; nothing is lost or doubled', async () => {
    const { fetch, handler } = server(createMockModel({ delayMs: 2 }));
    const store = client(fetch);
    await store.getState().send('hello');
    const u1 = view(store.getState())[0] as ChatMessage;
    const a = store.getState().edit(u1.id, 'hello from tab A');
    // Tab B's edit comes while tab A's answer is being written: it stops that answer first.
    await until(() => store.getState().phase === 'generating', 'the first edit answering');
    const b = store.getState().edit(u1.id, 'hello from tab B');
    await Promise.all([a, b]);
    await handler.settled();
    const s = store.getState();
    const prompts = s.messages.filter((m) => m.role === 'user');
    expect(texts(prompts)).toEqual(['hello', 'hello from tab A', 'hello from tab B']);
    expect(new Set(s.messages.map((m) => m.id)).size).toBe(s.messages.length);
    expect(siblingsOf(s.messages, u1.id)?.count).toBe(3);
    const h = await history(fetch, s.conversationId ?? '');
    expect(h.messages.map((m) => m.id)).toEqual(s.messages.map((m) => m.id));
    expect(texts(activePath(h.messages, h.selection))[0]).toBe('hello from tab B');
  });

  it('refuses bad input clearly, naming what was received', async () => {
    const { fetch } = server(createMockModel({ delayMs: 0 }));
    const store = client(fetch);
    await store.getState().send('hello');
    const { conversationId } = store.getState();
    const [u1, a1] = view(store.getState()) as [ChatMessage, ChatMessage];
    const start = (body: unknown) => post(fetch, '/api/chat', { conversationId, ...(body as object) });
    const answer = async (r: Response) => ({ status: r.status, ...((await r.json()) as { error: { code: string; message: string; field?: string } }).error });

    expect(await answer(await start({ message: { text: 'x' }, edit: 'nope' }))).toMatchObject({ status: 404, code: 'message_not_found', field: 'edit', message: expect.stringContaining('"nope"') });
    expect(await answer(await start({ message: { text: 'x' }, edit: a1.id }))).toMatchObject({ status: 400, code: 'not_a_prompt', message: expect.stringContaining(a1.id) });
    expect(await answer(await start({ regenerate: u1.id }))).toMatchObject({ status: 400, code: 'not_an_answer', field: 'regenerate' });
    expect(await answer(await start({ regenerate: 'gone' }))).toMatchObject({ status: 404, code: 'message_not_found' });
    expect(await answer(await start({ regenerate: a1.id, message: { text: 'x' } }))).toMatchObject({ status: 400, field: 'message' });
    expect(await answer(await start({ regenerate: a1.id, edit: u1.id }))).toMatchObject({ status: 400, field: 'edit' });
    expect(await answer(await post(fetch, '/api/chat', { regenerate: a1.id }))).toMatchObject({ status: 400, field: 'conversationId' });
    expect(await answer(await start({ regenerate: 42 }))).toMatchObject({ status: 400, field: 'regenerate', message: expect.stringContaining('42') });
    const branch = (body: unknown) => post(fetch, `/api/chat/${conversationId}/branch`, body);
    expect(await answer(await branch({ messageId: 'nope' }))).toMatchObject({ status: 404, code: 'message_not_found' });
    expect(await answer(await branch({ messageId: 7 }))).toMatchObject({ status: 400, field: 'messageId', message: expect.stringContaining('7') });
    expect(await answer(await branch([]))).toMatchObject({ status: 400, field: 'body' });
    // Nothing of it reached the conversation.
    expect((await history(fetch, conversationId ?? '')).messages.map((m) => m.id)).toEqual([u1.id, a1.id]);
    // The client refuses before any request.
    await expect(store.getState().edit(a1.id, 'x')).rejects.toThrow(/edit\(\) takes the id of a prompt.*which is an answer/);
    await expect(store.getState().regenerate('nope')).rejects.toThrow(/regenerate\(\) takes the id of an answer.*"nope"/);
  });

  it('a branch switch while an answer is written: the server answers 409 and the client does nothing', async () => {
    const { fetch, handler } = server(createMockModel({ delayMs: 3 }));
    const store = client(fetch);
    await store.getState().send('hello');
    const a1 = view(store.getState())[1] as ChatMessage;
    await store.getState().regenerate(a1.id);
    const streaming = store.getState().send('Tell me something long about streaming');
    await until(() => store.getState().phase === 'generating', 'generating');
    const { conversationId } = store.getState();
    const before = view(store.getState()).map((m) => m.id);
    store.getState().switchBranch(a1.id, 0);
    await new Promise((r) => setTimeout(r, 20));
    expect(view(store.getState()).map((m) => m.id)).toEqual(before);
    const r = await post(fetch, `/api/chat/${conversationId}/branch`, { messageId: a1.id });
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('conversation_busy');
    await store.getState().stop();
    await streaming;
    await handler.settled();
  });
});
