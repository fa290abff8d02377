import { renderHook } from '@testing-library/react';
import type { ChatMessage, ChatPhase } from '../../../src/core/session/types';
import { useAnswerAnnouncement } from '../../../src/components/useAnswerAnnouncement';

const user = (id: string, text: string): ChatMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const answer = (id: string, text: string): ChatMessage => ({ id, role: 'assistant', parts: [{ type: 'text', text }] });

function setup(messages: ChatMessage[], phase: ChatPhase) {
  const hook = renderHook(({ m, p }: { m: ChatMessage[]; p: ChatPhase }) => useAnswerAnnouncement(m, p), {
    initialProps: { m: messages, p: phase },
  });
  return { current: () => hook.result.current, next: (m: ChatMessage[], p: ChatPhase) => hook.rerender({ m, p }) };
}

describe('useAnswerAnnouncement', () => {
  it('says nothing while an answer streams, then its plain text once it is complete', () => {
    const chat = setup([user('u1', 'hi')], 'submitted');
    chat.next([user('u1', 'hi'), answer('a1', '## Pa')], 'generating');
    expect(chat.current()).toBe('');
    chat.next([user('u1', 'hi'), answer('a1', '## Paris\n\nis **the** capital.')], 'complete');
    expect(chat.current()).toBe('Paris\nis the capital.');
  });

  it('announces an answer that arrived whole between two renders (idle to complete)', () => {
    const chat = setup([user('u1', 'hi'), answer('a1', 'First.')], 'complete');
    chat.next([user('u1', 'hi'), answer('a1', 'First.'), user('u2', 'again'), answer('a2', 'Second.')], 'complete');
    expect(chat.current()).toBe('Second.');
  });

  it('does not announce history present at mount, loaded later, or a re-render of the same turn', () => {
    const chat = setup([user('u1', 'hi'), answer('a1', 'Old answer.')], 'complete');
    expect(chat.current()).toBe('');
    chat.next([user('u0', 'before'), answer('a0', 'Older.'), user('u1', 'hi'), answer('a1', 'Old answer.')], 'idle');
    expect(chat.current()).toBe('');
    chat.next([user('u0', 'before'), answer('a0', 'Older.'), user('u1', 'hi'), answer('a1', 'Old answer, edited.')], 'idle');
    expect(chat.current()).toBe('');
  });

  it('announces a stopped answer and an error message when the answer has no text', () => {
    const chat = setup([user('u1', 'hi')], 'generating');
    chat.next([user('u1', 'hi'), answer('a1', 'Partial')], 'cancelled');
    expect(chat.current()).toBe('Partial');
    chat.next([user('u1', 'hi'), answer('a1', 'Partial'), user('u2', 'more')], 'submitted');
    const failed: ChatMessage = { id: 'a2', role: 'assistant', parts: [{ type: 'error', message: 'The model is overloaded.' }] };
    chat.next([user('u1', 'hi'), answer('a1', 'Partial'), user('u2', 'more'), failed], 'error');
    expect(chat.current()).toBe('The model is overloaded.');
  });
});
