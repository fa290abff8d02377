/**
 * The session's `follow` option against the real server companion, in process (the
 * handler is the `fetch`): another device's prompt and answer show live; 404 stops it; a
 * hidden page closes the follow connection and a shown one reopens it. Real timers, bounded waits.
 */
import { isActivePhase } from '../../../src/core/session/phases';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatController } from '../../../src/core/session/createChatController';
import { followConversation, type VisibilitySource } from '../../../src/core/session/followConversation';
import { GLOBAL_TIMERS } from '../../../src/core/Timers';
import { createChatStore, type ChatStore } from '../../../src/core/store/createChatStore';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';

const handlers: ChatHandler[] = [];
const stores: ChatStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.getState().controller.dispose();
  await Promise.all(handlers.splice(0).map((h) => h.close()));
});

/** The handler as `fetch`, counting the follow connections opened. */
function server(options: Parameters<typeof createChatHandler>[0] = {}) {
  const handler = createChatHandler({ model: createMockModel({ delayMs: 1 }), heartbeatMs: 60_000, ...options });
  handlers.push(handler);
  const opened: string[] = [];
  const requested: string[] = [];
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://127.0.0.1');
    requested.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    if (url.searchParams.get('follow') === '1') opened.push(url.pathname);
    return handler(new Request(url, init));
  }) as typeof globalThis.fetch;
  return { handler, fetch, opened, requested };
}

function device(fetch: typeof globalThis.fetch, conversationId?: string, follow?: boolean): ChatStore {
  const store = createChatStore({ fetch, conversationId, storage: null, multiTab: false, transport: { idleTimeoutMs: 0, maxRetries: 0 }, ...(follow !== undefined && { follow }) });
  store.getState().controller.attach();
  stores.push(store);
  return store;
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The user is the `x-user` header (`owner` without it). */
const byHeader = (req: Request) => ({ userId: req.headers.get('x-user') ?? 'owner' });

/** The owner starts a conversation; a stranger's store opens it by id (attached, not yet resumed). */
async function strangerOpening(fetch: typeof globalThis.fetch): Promise<{ id: string; stranger: ChatStore }> {
  const owner = device(fetch);
  await owner.getState().send('hello, mine');
  const id = owner.getState().conversationId as string;
  const stranger = createChatStore({ fetch, conversationId: id, storage: null, multiTab: false, headers: { 'x-user': 'stranger' }, transport: { maxRetries: 0 } });
  stores.push(stranger);
  stranger.getState().controller.attach();
  return { id, stranger };
}

const texts = (store: ChatStore) => store.getState().messages.map((m) => `${m.role}:${m.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('')}`);

describe('follow', () => {
  it('is on when a conversationId is given: another device\'s prompts and answers show live, generation after generation', async () => {
    const { fetch, opened } = server();
    const phone = device(fetch);
    await phone.getState().send('hello from the phone');
    const id = phone.getState().conversationId as string;
    const laptop = device(fetch, id);
    await until(() => laptop.getState().messages.length === 2 && laptop.getState().connection === 'open', 'the laptop to load the history and follow');
    for (const prompt of ['hello again', 'hi, one more']) {
      await phone.getState().send(prompt);
      await until(() => texts(laptop).join('\n') === texts(phone).join('\n'), `the laptop to show "${prompt}" and its answer`);
    }
    expect(laptop.getState().phase).toBe('complete');
    expect(laptop.getState().messages.map((m) => m.id)).toEqual(phone.getState().messages.map((m) => m.id));
    expect(opened.length).toBeGreaterThanOrEqual(2);
    // The phone itself started without an id: it does not follow unless asked.
    expect(opened.every((path) => path === `/api/chat/${id}/stream`)).toBe(true);
  });

  it('stops after a 404 (someone else\'s or a deleted conversation) with the server\'s words as the error, and opens nothing more', async () => {
    const { fetch, opened } = server({ authorize: byHeader });
    const { stranger } = await strangerOpening(fetch);
    await until(() => stranger.getState().error !== null, 'the 404');
    expect(stranger.getState().error?.status).toBe(404);
    expect(stranger.getState().error?.message).toMatch(/no conversation/);
    const count = opened.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(opened.length).toBe(count);
  });

  it('after the page\'s own resume on mount ends in a 404, does not ask again: one history request, one error shown', async () => {
    const { fetch, requested } = server({ authorize: byHeader });
    const { id, stranger } = await strangerOpening(fetch);
    void stranger.getState().controller.resume(); // what useChatSession does on mount
    await until(() => stranger.getState().error !== null, 'the 404');
    await new Promise((r) => setTimeout(r, 600));
    expect(requested.filter((r) => r === `GET /api/chat/${id}/messages`)).toHaveLength(1);
    expect(stranger.getState().messages.filter((m) => m.parts.some((p) => p.type === 'error'))).toHaveLength(stranger.getState().messages.length === 0 ? 0 : 1);
  });

  it('closes the follow connection when the page stays hidden, and reopens it when the page is shown', async () => {
    const { fetch, opened } = server();
    const phone = device(fetch);
    await phone.getState().send('hello there');
    const id = phone.getState().conversationId as string;
    let hidden = false;
    const listeners = new Set<() => void>();
    const visibility: VisibilitySource = { hidden: () => hidden, onChange: (l) => (listeners.add(l), () => listeners.delete(l)) };
    const flip = (value: boolean) => {
      hidden = value;
      for (const l of listeners) l();
    };
    const states: string[] = [];
    const controller = createChatController({ fetch, conversationId: id, storage: null, transport: { idleTimeoutMs: 0, maxRetries: 0 } }, (s) => states.push(s.connection));
    const loop = followConversation(controller, { timers: GLOBAL_TIMERS, mayConnect: () => true, isActive: isActivePhase, visibility, hiddenPauseMs: 100 });
    controller.observe(() => loop.wake());
    loop.wake();
    await until(() => controller.getState().connection === 'open', 'the follow connection');
    flip(true);
    await until(() => controller.getState().connection === 'closed', 'the pause after hiddenPauseMs');
    const whileHidden = opened.length;
    await phone.getState().send('hi while hidden');
    await new Promise((r) => setTimeout(r, 200));
    expect(opened.length).toBe(whileHidden);
    flip(false);
    await until(() => controller.getState().messages.length === 4 && controller.getState().connection === 'open', 'the prompt sent while hidden, after the page is shown');
    loop.stop();
    controller.dispose();
  });

  it('backs off, growing, while attempts fail', async () => {
    let calls = 0;
    const at: number[] = [];
    const fetch = (async () => {
      calls++;
      at.push(Date.now());
      throw new TypeError('network down');
    }) as typeof globalThis.fetch;
    const controller = createChatController({ fetch, conversationId: 'c1', storage: null, historyEndpoint: null, transport: { maxRetries: 0, idleTimeoutMs: 0 } }, () => undefined);
    const loop = followConversation(controller, { timers: GLOBAL_TIMERS, mayConnect: () => true, isActive: isActivePhase, random: () => 1, maxBackoffMs: 2_000 });
    loop.wake();
    await until(() => calls >= 4, 'four attempts', 10_000);
    loop.stop();
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(gaps[1]).toBeGreaterThan((gaps[0] as number) * 1.5);
    expect(gaps[2]).toBeGreaterThan((gaps[1] as number) * 1.5);
    controller.dispose();
  });
});
