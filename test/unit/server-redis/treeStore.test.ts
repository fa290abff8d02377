/**
 * The message tree in both stores: every branch kept with its parent, the branch choices
 * (setSelection/getSelection) kept, replaced per key and bounded with the history; and the
 * handler's branches on two Redis replicas (an edit on one, the history and a switch on the other).
 */
import { describe, expect, it } from 'vitest';
import { activePath } from '../../../src/core/session/activePath';
import type { ChatMessage } from '../../../src/core/session/types';
import { createMockModel } from '../../../src/server/models/mock';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import type { ConversationStore } from '../../../src/server/store/ConversationStore';
import { redisSuite } from '../../support/redisSuite';
import { freshPrefix, init } from './helpers';

const server = redisSuite();

const msg = (id: string, role: ChatMessage['role'], parentId: string): ChatMessage => ({ id, role, parentId, parts: [{ type: 'text', text: id }] });

const stores: Record<string, (maxMessagesPerConversation?: number) => ConversationStore> = {
  memory: (maxMessagesPerConversation) => createMemoryStore({ maxMessagesPerConversation }),
  redis: (maxMessagesPerConversation) => server.store({ maxMessagesPerConversation }),
};

describe.each(Object.keys(stores))('%s store: the message tree', (name) => {
  const create = stores[name] as (typeof stores)[string];

  it('keeps every branch in creation order, and the branch choices per key (a later write replaces one)', async () => {
    const store = create();
    await store.beginStream(init('c1', 's1'), { create: true });
    await store.appendMessages('c1', [msg('u1', 'user', ''), msg('a1', 'assistant', 'u1')]);
    await store.appendMessages('c1', [msg('u1b', 'user', ''), msg('a1b', 'assistant', 'u1b')]);
    await store.appendMessages('c1', [msg('a1c', 'assistant', 'u1b')]);
    await store.setSelection?.('c1', { '': 'u1b', u1b: 'a1c' });
    await store.setSelection?.('c1', { '': 'u1' });
    const tree = await store.getMessages('c1');
    expect(tree.map((m) => m.id)).toEqual(['u1', 'a1', 'u1b', 'a1b', 'a1c']);
    expect(tree.map((m) => m.parentId)).toEqual(['', 'u1', '', 'u1b', 'u1b']);
    const selection = await store.getSelection?.('c1');
    expect(selection).toEqual({ '': 'u1', u1b: 'a1c' });
    expect(activePath(tree, selection ?? {}).map((m) => m.id)).toEqual(['u1', 'a1']);
    expect(await store.getSelection?.('nope')).toEqual({});
  });

  it('two prompts written after the same answer (two tabs, one after the other) are both kept: nothing lost, nothing doubled', async () => {
    const store = create();
    await store.beginStream(init('c2', 's1'), { create: true });
    await store.appendMessages('c2', [msg('u1', 'user', ''), msg('a1', 'assistant', 'u1')]);
    await Promise.all([
      store.appendMessages('c2', [msg('x1', 'user', 'a1'), msg('ax1', 'assistant', 'x1')]),
      store.appendMessages('c2', [msg('x2', 'user', 'a1'), msg('ax2', 'assistant', 'x2')]),
    ]);
    // A retried write of the same message replaces it, it does not double it.
    await store.appendMessages('c2', [msg('ax1', 'assistant', 'x1')]);
    const ids = (await store.getMessages('c2')).map((m) => m.id);
    expect(ids.sort()).toEqual(['a1', 'ax1', 'ax2', 'u1', 'x1', 'x2']);
  });

  it('drops the choices of the messages the history no longer keeps (bounded with it)', async () => {
    const store = create(4);
    await store.beginStream(init('c3', 's1'), { create: true });
    await store.appendMessages('c3', [msg('u1', 'user', ''), msg('a1', 'assistant', 'u1'), msg('a1b', 'assistant', 'u1')]);
    await store.setSelection?.('c3', { '': 'u1', u1: 'a1' });
    await store.appendMessages('c3', [msg('u2', 'user', 'a1'), msg('a2', 'assistant', 'u2'), msg('u3', 'user', 'a2')]);
    const tree = await store.getMessages('c3');
    expect(tree.map((m) => m.id)).toEqual(['a1b', 'u2', 'a2', 'u3']);
    const selection = await store.getSelection?.('c3');
    expect(Object.keys(selection ?? {}).filter((k) => k === 'u1')).toEqual([]);
    // The oldest kept messages whose parents are gone start the path.
    expect(activePath(tree, selection ?? {}).map((m) => m.id)).toEqual(['u2', 'a2', 'u3']);
  });
});

describe('branches on two Redis replicas', () => {
  it('an edit written through one replica is a branch the other replica serves, switches and gives the model', async () => {
    const keyPrefix = freshPrefix();
    const replica = () => {
      const handler = server.handler({ store: server.store({ keyPrefix }), model: createMockModel({ delayMs: 0 }), heartbeatMs: 60_000 });
      return (path: string, body?: unknown) =>
        handler(new Request(`http://127.0.0.1${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    };
    const one = replica();
    const two = replica();
    const drain = async (r: Response) => {
      expect(r.status).toBe(200);
      await r.text();
      return r.headers.get('x-chatwire-conversation-id') as string;
    };
    const id = await drain(await one('/api/chat', { message: { id: 'u1', text: 'hello' } }));
    await drain(await one('/api/chat', { conversationId: id, message: { id: 'u1b', text: 'hi again' }, edit: 'u1' }));
    const history = async () => (await (await two(`/api/chat/${id}/messages`)).json()) as { messages: ChatMessage[]; selection: Record<string, string> };
    let h = await history();
    expect(h.messages.filter((m) => m.role === 'user').map((m) => m.id)).toEqual(['u1', 'u1b']);
    expect(activePath(h.messages, h.selection)[0]?.id).toBe('u1b');
    const switched = await two(`/api/chat/${id}/branch`, { messageId: 'u1' });
    expect(switched.status).toBe(200);
    expect(((await switched.json()) as { seq: number }).seq).toBeGreaterThan(0);
    h = await history();
    expect(activePath(h.messages, h.selection).map((m) => m.id)[0]).toBe('u1');
    // The next prompt, through the first replica, continues the branch the second one chose.
    await drain(await one('/api/chat', { conversationId: id, message: { id: 'u2', text: 'and then?' } }));
    h = await history();
    const path = activePath(h.messages, h.selection).map((m) => m.id);
    expect(path[0]).toBe('u1');
    expect(path[2]).toBe('u2');
    expect(path).not.toContain('u1b');
  });
});
