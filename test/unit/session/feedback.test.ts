import { chatReducer } from '../../../src/core/session/chatReducer';
import { initialChatState, type ChatState } from '../../../src/core/session/ChatState';
import { foldMessage } from '../../../src/core/session/foldMessage';
import type { ChatMessage } from '../../../src/core/session/types';

const answer: ChatMessage = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'Paris.' }], finishReason: 'stop' };
const other: ChatMessage = { id: 'a0', role: 'assistant', parts: [{ type: 'text', text: 'Hello.' }] };

describe('feedback events', () => {
  it('fold: set, change and take back the rating of the message they name, and only of it', () => {
    const up = foldMessage(answer, { type: 'feedback', messageId: 'a1', value: 'up' });
    expect(up).toEqual({ ...answer, feedback: 'up' });
    expect(up.parts).toBe(answer.parts);
    expect(foldMessage(up, { type: 'feedback', messageId: 'a1', value: 'up' })).toBe(up);
    expect(foldMessage(up, { type: 'feedback', messageId: 'a1', value: 'down' }).feedback).toBe('down');
    const back = foldMessage(up, { type: 'feedback', messageId: 'a1', value: null });
    expect(back).toEqual(answer);
    expect('feedback' in back).toBe(false);
    expect(foldMessage(other, { type: 'feedback', messageId: 'a1', value: 'up' })).toBe(other);
  });

  it('reducer: rates any message of the conversation without touching the phase or the other messages; a replay changes nothing', () => {
    const state: ChatState = chatReducer(initialChatState, { type: 'hydrate', conversationId: 'c1', messages: [other, answer], lastSeq: 4 });
    const rated = chatReducer(state, { type: 'feedback', messageId: 'a1', value: 'down', seq: 5 });
    expect(rated.messages.find((m) => m.id === 'a1')?.feedback).toBe('down');
    expect(rated.messages.find((m) => m.id === 'a0')).toBe(state.messages.find((m) => m.id === 'a0'));
    expect(rated.phase).toBe(state.phase);
    expect(rated.lastSeq).toBe(5);
    expect(chatReducer(rated, { type: 'feedback', messageId: 'a1', value: null, seq: 5 })).toBe(rated);
    const unknown = chatReducer(rated, { type: 'feedback', messageId: 'nope', value: 'up', seq: 6 });
    expect(unknown.messages).toBe(rated.messages);
    expect(unknown.lastSeq).toBe(6);
  });
});
