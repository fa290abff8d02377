/**
 * Approvals end to end in process: chat stores (the client) against createChatHandler with
 * the mock model's `send_email` (needs approval). The handler is the `fetch`.
 */
import { createChatStore, type ChatStore } from '../../../src/core/store/createChatStore';
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
  return ((input: RequestInfo | URL, init?: RequestInit) => handler(new Request(new URL(String(input), 'http://127.0.0.1'), init))) as typeof globalThis.fetch;
}

function client(fetch: typeof globalThis.fetch, conversationId?: string): ChatStore {
  return createChatStore({ fetch, storage: memoryStorage(), multiTab: false, conversationId, transport: { backoff: { initialMs: 5, jitter: 'none' }, idleTimeoutMs: 0 } });
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const emailCall = (store: ChatStore): ToolCallPart | undefined =>
  store.getState().messages.flatMap((m) => m.parts).find((p): p is ToolCallPart => p.type === 'tool-call' && p.name === 'send_email');
const answer = (store: ChatStore): string => textOf([...store.getState().messages].reverse().find((m) => m.role === 'assistant'));

describe('approvals through the chat store', () => {
  it('pauses in awaiting-approval; approve() resumes the same answer, which ends "Email sent to ..."; a second answer gets the first decision', async () => {
    const store = client(server());
    const sending = store.getState().send('Send an email to Ana about the launch');
    await until(() => store.getState().phase === 'awaiting-approval', 'awaiting-approval');
    expect(emailCall(store)).toMatchObject({ state: 'awaiting-approval', args: { to: 'ana@example.com' } });

    const outcome = await store.getState().approve(emailCall(store)?.toolCallId as string);
    expect(outcome).toEqual({ recorded: true, decision: { toolCallId: emailCall(store)?.toolCallId, approved: true, decidedBy: 'user' } });
    await sending;
    expect(store.getState().phase).toBe('complete');
    expect(answer(store)).toBe('Email sent to ana@example.com.');
    expect(emailCall(store)).toMatchObject({ state: 'result', result: { sent: true, to: 'ana@example.com' }, approval: { approved: true } });

    const again = await store.getState().deny(emailCall(store)?.toolCallId as string, 'too late');
    expect(again).toEqual({ recorded: false, decision: expect.objectContaining({ approved: true }) });
  });

  it('another device loads the pending request from the server, denies it there, and both show the denial; the next prompt works', async () => {
    const fetch = server();
    const first = client(fetch);
    const sending = first.getState().send('Send an email to Bo');
    await until(() => first.getState().phase === 'awaiting-approval', 'awaiting-approval');

    const second = client(fetch, first.getState().conversationId as string);
    void second.getState().resume();
    await until(() => emailCall(second)?.state === 'awaiting-approval', 'the pending request on the second device');
    expect(second.getState().phase).toBe('awaiting-approval');
    expect((await second.getState().deny(emailCall(second)?.toolCallId as string, 'Wrong person')).recorded).toBe(true);

    await sending;
    await until(() => second.getState().phase === 'complete', 'the second device to finish');
    for (const store of [first, second]) {
      expect(emailCall(store)).toMatchObject({ state: 'denied', approval: { approved: false, reason: 'Wrong person', decidedBy: 'user' } });
      expect(answer(store)).toMatch(/^I did not send the email to bo@example\.com\. \(Not run: the user denied this send_email call\. Reason: Wrong person\)$/);
    }
    await first.getState().send('hello');
    expect(first.getState().phase).toBe('complete');
    expect(answer(first)).toMatch(/mock model/);
  });

  it('stop while awaiting approval ends cancelled with the call not run; approving it then is refused; a reload shows the same card', async () => {
    const fetch = server();
    const store = client(fetch);
    void store.getState().send('Send an email to Cy');
    await until(() => store.getState().phase === 'awaiting-approval', 'awaiting-approval');
    const id = emailCall(store)?.toolCallId as string;
    await store.getState().stop();
    expect(store.getState().phase).toBe('cancelled');
    expect(emailCall(store)).toMatchObject({ state: 'denied', approval: { decidedBy: 'stop' } });
    await handlers[0]?.settled();
    const late = await store.getState().approve(id);
    expect(late).toEqual({ recorded: false, decision: expect.objectContaining({ approved: false, decidedBy: 'stop' }) });
    // A reload (the history) shows the card the stopping tab shows: no reason line added by the server.
    const reloaded = client(fetch, store.getState().conversationId as string);
    await reloaded.getState().resume();
    expect(emailCall(reloaded)).toMatchObject({ state: 'denied', approval: { approved: false, decidedBy: 'stop' } });
    expect(emailCall(reloaded)?.approval?.reason).toBe(emailCall(store)?.approval?.reason);
  });
});
