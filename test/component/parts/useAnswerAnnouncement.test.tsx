import { renderHook } from '@testing-library/react';
import type { ChatMessage, ChatPhase } from '../../../src/core/session/types';
import { useAnswerAnnouncement } from '../../../src/components/useAnswerAnnouncement';
import { defaultLabels } from '../../../src/components/defaultLabels';

const user = (id: string, text: string): ChatMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const answer = (id: string, text: string): ChatMessage => ({ id, role: 'assistant', parts: [{ type: 'text', text }] });

function setup(messages: ChatMessage[], phase: ChatPhase) {
  const hook = renderHook(({ m, p }: { m: ChatMessage[]; p: ChatPhase }) => useAnswerAnnouncement(m, p, defaultLabels.toolAwaitingApproval), {
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

  it('says which tool calls wait for approval when the generation pauses for it, once, then the finished answer', () => {
    const call = (toolCallId: string, name: string, state: 'awaiting-approval' | 'result') => ({ type: 'tool-call' as const, toolCallId, name, argsText: '{}', args: {}, state });
    const waiting: ChatMessage = { id: 'a1', role: 'assistant', parts: [call('c1', 'send_email', 'awaiting-approval'), call('c2', 'delete_file', 'awaiting-approval')] };
    const chat = setup([user('u1', 'mail Ana')], 'generating');
    chat.next([user('u1', 'mail Ana'), waiting], 'awaiting-approval');
    expect(chat.current()).toBe('send_email needs your approval. delete_file needs your approval');
    chat.next([user('u1', 'mail Ana'), { ...waiting, parts: [...waiting.parts] }], 'awaiting-approval');
    expect(chat.current()).toBe('send_email needs your approval. delete_file needs your approval');
    const done: ChatMessage = { id: 'a1', role: 'assistant', parts: [call('c1', 'send_email', 'result'), call('c2', 'delete_file', 'result'), { type: 'text', text: 'Sent **both**.' }] };
    chat.next([user('u1', 'mail Ana'), done], 'executing');
    expect(chat.current()).toBe('send_email needs your approval. delete_file needs your approval');
    chat.next([user('u1', 'mail Ana'), done], 'complete');
    expect(chat.current()).toBe('Sent both.');
  });
});
