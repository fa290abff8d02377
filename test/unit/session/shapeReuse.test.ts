import { activePath } from '../../../src/core/session/activePath';
import { siblingsOf } from '../../../src/core/session/branchOf';
import type { ChatMessage } from '../../../src/core/session/types';

const message = (id: string, parentId?: string, text = id): ChatMessage => ({ id, role: id.startsWith('u') ? 'user' : 'assistant', ...(parentId === undefined ? {} : { parentId }), parts: [{ type: 'text', text }] });

describe('siblingsOf', () => {
  it('follows a tree whose message objects are replaced (a streamed answer) and one whose shape changes (a regeneration, an edit)', () => {
    const tree = [message('u1'), message('a1', 'u1'), message('a2', 'u1', 'Par')];
    expect(siblingsOf(tree, 'a2')).toMatchObject({ index: 1, count: 2, siblings: ['a1', 'a2'] });
    // Streaming: new objects, same ids and parents, every frame.
    const streamed = [tree[0] as ChatMessage, tree[1] as ChatMessage, message('a2', 'u1', 'Paris')];
    expect(siblingsOf(streamed, 'a2')).toEqual(siblingsOf(tree, 'a2'));
    expect(siblingsOf(streamed, 'u1')).toMatchObject({ index: 0, count: 1 });
    // A third version of the answer: the positions are computed again.
    const regenerated = [...streamed, message('a3', 'u1')];
    expect(siblingsOf(regenerated, 'a3')).toMatchObject({ index: 2, count: 3, siblings: ['a1', 'a2', 'a3'] });
    expect(siblingsOf(regenerated, 'a1')).toMatchObject({ index: 0, count: 3 });
    // Same length, but a message moved under another parent: not the same shape.
    const moved = [regenerated[0] as ChatMessage, regenerated[1] as ChatMessage, message('a2', 'a1'), regenerated[3] as ChatMessage];
    expect(siblingsOf(moved, 'a2')).toMatchObject({ index: 0, count: 1 });
    expect(siblingsOf(moved, 'a3')).toMatchObject({ index: 1, count: 2, siblings: ['a1', 'a3'] });
    // Same length, another id at a place: computed again.
    const renamed = [moved[0] as ChatMessage, moved[1] as ChatMessage, moved[2] as ChatMessage, message('a9', 'u1')];
    expect(siblingsOf(renamed, 'a3')).toBeUndefined();
    expect(siblingsOf(renamed, 'a9')).toMatchObject({ index: 1, count: 2 });
  });
});

describe('activePath', () => {
  it('follows a tree whose message objects are replaced (a streamed answer: the path holds the new objects) and one whose shape or selection changes', () => {
    const tree = [message('u1'), message('a1', 'u1'), message('a2', 'u1', 'Par'), message('u2', 'a2')];
    const selection = { '': 'u1', u1: 'a2', a2: 'u2' };
    expect(activePath(tree, selection).map((m) => m.id)).toEqual(['u1', 'a2', 'u2']);
    const answer = message('a3', 'u2', 'The');
    const grown = [...tree, answer];
    expect(activePath(grown, selection).at(-1)).toBe(answer);
    // Streaming: the answer's object replaced, every frame; the path shows the new one.
    const streamed = [...tree, message('a3', 'u2', 'The answer')];
    const path = activePath(streamed, selection);
    expect(path.map((m) => m.id)).toEqual(['u1', 'a2', 'u2', 'a3']);
    expect(path.at(-1)).toBe(streamed.at(-1));
    expect(activePath(streamed, selection)).toBe(path);
    // Another version shown: a new selection, the path computed again.
    const other = { '': 'u1', u1: 'a1' };
    expect(activePath(streamed, other).map((m) => m.id)).toEqual(['u1', 'a1']);
    // Same length, a parent changed: not the same shape.
    const moved = [...tree, message('a3', 'a2', 'The answer')];
    expect(activePath(moved, selection).map((m) => m.id)).toEqual(['u1', 'a2', 'u2']);
  });

  it('puts each replaced message of the path at its place, and none that is off the path (a rated answer mid-conversation, another version)', () => {
    const tree = [message('u1'), message('a1', 'u1'), message('a2', 'u1'), message('u2', 'a2'), message('a3', 'u2')];
    const selection = { u1: 'a2' };
    const path = activePath(tree, selection);
    expect(path.map((m) => m.id)).toEqual(['u1', 'a2', 'u2', 'a3']);
    // The shown answer a2 rated, the hidden a1 and the last answer replaced, in one new tree.
    const rated = { ...(tree[2] as ChatMessage), feedback: 'up' as const };
    const next = [tree[0] as ChatMessage, message('a1', 'u1', 'other'), rated, tree[3] as ChatMessage, message('a3', 'u2', 'more')];
    const again = activePath(next, selection);
    expect(again).not.toBe(path);
    expect(again).toEqual([next[0], rated, next[3], next[4]]);
    expect(again[0]).toBe(path[0]);
    expect(again[2]).toBe(path[2]);
    // The earlier path is left as it was.
    expect(path[1]).toBe(tree[2]);
    expect(path[3]).toBe(tree[4]);
  });
});
