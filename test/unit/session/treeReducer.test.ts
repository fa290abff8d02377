import { chatReducer } from '../../../src/core/session/chatReducer';
import { activePath } from '../../../src/core/session/activePath';
import { siblingsOf } from '../../../src/core/session/branchOf';
import { initialChatState, type ChatState } from '../../../src/core/session/ChatState';
import type { ChatInput } from '../../../src/core/session/ChatAction';
import type { ChatMessage } from '../../../src/core/session/types';

const msg = (id: string, role: ChatMessage['role'], parentId?: string, text = id): ChatMessage =>
  parentId === undefined ? { id, role, parts: [{ type: 'text', text }] } : { id, role, parentId, parts: [{ type: 'text', text }] };
const fold = (inputs: ChatInput[], from: ChatState = initialChatState): ChatState => inputs.reduce(chatReducer, from);
const ids = (messages: ChatMessage[]) => messages.map((m) => m.id);
/** The conversation as shown: the active path through the state's message tree. */
const view = (s: ChatState) => activePath(s.messages, s.selection);

/** u1 -> a1 -> u2 -> a2, with an edit u1' (-> a1') and a regeneration a2' of a2. */
const tree = [
  msg('u1', 'user', ''),
  msg('a1', 'assistant', 'u1'),
  msg('u2', 'user', 'a1'),
  msg('a2', 'assistant', 'u2'),
  msg('u1b', 'user', ''),
  msg('a1b', 'assistant', 'u1b'),
  msg('a2b', 'assistant', 'u2'),
];

describe('activePath', () => {
  it('takes the chosen child at each message, else the child created last', () => {
    expect(ids(activePath(tree, {}))).toEqual(['u1b', 'a1b']);
    expect(ids(activePath(tree, { '': 'u1' }))).toEqual(['u1', 'a1', 'u2', 'a2b']);
    expect(ids(activePath(tree, { '': 'u1', u2: 'a2' }))).toEqual(['u1', 'a1', 'u2', 'a2']);
  });

  it('reads lists written without branches as one line, and a trimmed parent as the start', () => {
    const legacy = [msg('u1', 'user'), msg('a1', 'assistant'), msg('u2', 'user'), msg('a2', 'assistant')];
    expect(activePath(legacy, {})).toEqual(legacy);
    const trimmed = [msg('u2', 'user', 'gone'), msg('a2', 'assistant', 'u2')];
    expect(ids(activePath(trimmed, {}))).toEqual(['u2', 'a2']);
  });

  it('ends a malformed tree (a cycle) instead of looping', () => {
    const cyclic = [msg('x', 'user', 'y'), msg('y', 'assistant', 'x')];
    expect(activePath(cyclic, {}).length).toBeLessThanOrEqual(2);
  });

  it('siblings are in the order they were created', () => {
    expect(siblingsOf(tree, 'a2b')).toEqual({ index: 1, count: 2, siblings: ['a2', 'a2b'] });
    expect(siblingsOf(tree, 'u1')).toMatchObject({ index: 0, count: 2 });
    expect(siblingsOf(tree, 'a1')).toMatchObject({ index: 0, count: 1 });
    expect(siblingsOf(tree, 'nope')).toBeUndefined();
  });
});

describe('chatReducer: the message tree', () => {
  const hydrated = fold([{ type: 'hydrate', conversationId: 'c1', messages: tree, selection: { '': 'u1', u2: 'a2' }, lastSeq: 20 }]);

  it('hydrate keeps every branch in the tree and shows the chosen path', () => {
    expect(ids(hydrated.messages)).toEqual(ids(tree));
    expect(ids(view(hydrated))).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(view(hydrated)[0]).toBe(tree[0]);
  });

  it('an edit (submit with parentId) is a sibling prompt with a new answer, shown in place', () => {
    const s = fold([{ type: 'submit', userMessage: { id: 'u2c', text: 'again' }, assistantMessageId: 'p', parentId: 'a1' }], hydrated);
    expect(ids(view(s))).toEqual(['u1', 'a1', 'u2c', 'p']);
    expect(siblingsOf(s.messages, 'u2c')).toMatchObject({ index: 1, count: 2 });
    expect(s.phase).toBe('submitted');
    expect(s.activeMessageId).toBe('p');
    // The session event names the server's answer: renamed in the tree, still shown.
    const named = fold([{ type: 'session', messageId: 'a2c', parentId: 'u2c', seq: 21 }], s);
    expect(ids(view(named))).toEqual(['u1', 'a1', 'u2c', 'a2c']);
    expect(named.messages.some((m) => m.id === 'p')).toBe(false);
    // A regeneration after an explicit choice: the renamed answer is shown, not the older choice.
    const chosen = fold([{ type: 'done', seq: 22 }, { type: 'branch', messageId: 'a2', seq: 23 }, { type: 'submit', parentId: 'u2', assistantMessageId: 'q' }, { type: 'session', messageId: 'a2d', seq: 24 }], hydrated);
    expect(ids(view(chosen))).toEqual(['u1', 'a1', 'u2', 'a2d']);
  });

  it('a regeneration (submit without a user message, after the prompt) puts an empty sibling answer in place of the answer', () => {
    const s = fold([{ type: 'submit', parentId: 'u2', assistantMessageId: 'p', at: 5 }], hydrated);
    expect(ids(view(s))).toEqual(['u1', 'a1', 'u2', 'p']);
    expect(siblingsOf(s.messages, 'p')).toMatchObject({ index: 2, count: 3 });
    expect(s.messages.at(-1)).toEqual({ id: 'p', role: 'assistant', parts: [], parentId: 'u2', createdAt: 5 });
    expect(s.phase).toBe('submitted');
    expect(s.activeMessageId).toBe('p');
  });

  it('a branch event shows the sibling with its whole continuation; untouched messages keep their identity', () => {
    const s = fold([{ type: 'branch', messageId: 'u1b', seq: 21 }], hydrated);
    expect(ids(view(s))).toEqual(['u1b', 'a1b']);
    const back = fold([{ type: 'branch', messageId: 'u1', seq: 22 }], s);
    // u1's own branch comes back as it was left (u2 -> a2, not the newer a2b).
    expect(ids(view(back))).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(view(back)[3]).toBe(view(hydrated)[3]);
    // A replay of the same event, an unknown id, or the branch already shown change nothing.
    expect(chatReducer(back, { type: 'branch', messageId: 'u1b', seq: 21 })).toBe(back);
    expect(chatReducer(back, { type: 'branch', messageId: 'nope' })).toBe(back);
    expect(chatReducer(back, { type: 'branch', messageId: 'u1' })).toBe(back);
  });

  it('a branch event while an answer is written changes nothing (the answer being written stays shown)', () => {
    const streaming = fold([{ type: 'submit', userMessage: { id: 'u3', text: 'more' }, assistantMessageId: 'p' }, { type: 'text-delta', delta: 'x' }], hydrated);
    expect(chatReducer(streaming, { type: 'branch', messageId: 'u1b' })).toBe(streaming);
  });

  it('prompts of two tabs after the same answer (user-message events from the log) are two siblings, never lost or doubled', () => {
    const events: ChatInput[] = [
      { type: 'user-message', messageId: 'x1', text: 'from A', parentId: 'a1', seq: 21 },
      { type: 'session', messageId: 'ax1', parentId: 'x1', seq: 22 },
      { type: 'cancelled', seq: 23 },
      { type: 'user-message', messageId: 'x2', text: 'from B', parentId: 'a1', seq: 24 },
      { type: 'session', messageId: 'ax2', parentId: 'x2', seq: 25 },
      { type: 'done', seq: 26 },
    ];
    const s = fold(events, hydrated);
    expect(ids(s.messages)).toEqual([...ids(tree), 'x1', 'ax1', 'x2', 'ax2']);
    expect(ids(view(s))).toEqual(['u1', 'a1', 'x2', 'ax2']);
    expect(siblingsOf(s.messages, 'x2')).toMatchObject({ index: 2, count: 3 });
    // The same events again (a replay, another tab's mirror) change nothing.
    expect(fold(events, s)).toBe(s);
  });

  it('a new message after a branch not shown here is remembered in that branch, and shown with it', () => {
    const away = fold([{ type: 'branch', messageId: 'u1b', seq: 21 }], hydrated);
    const s = fold([{ type: 'user-message', messageId: 'u3', text: 'follow-up', parentId: 'a2', seq: 22 }], away);
    expect(ids(view(s))).toEqual(['u1b', 'a1b']);
    const ended = fold([{ type: 'cancelled', seq: 23 }, { type: 'branch', messageId: 'u1', seq: 24 }], s);
    expect(ids(view(ended))).toEqual(['u1', 'a1', 'u2', 'a2', 'u3']);
  });

  it('a plain send continues the active path; the first prompt starts at the root', () => {
    const first = fold([{ type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'a1' }]);
    expect(view(first).map((m) => m.parentId)).toEqual(['', 'u1']);
    const next = fold([{ type: 'done' }, { type: 'submit', userMessage: { id: 'u2', text: 'More' }, assistantMessageId: 'a2' }], first);
    expect(view(next).map((m) => m.parentId)).toEqual(['', 'u1', 'a1', 'u2']);
  });
});
