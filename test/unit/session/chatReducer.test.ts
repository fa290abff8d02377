import type { ChatEvent } from '../../../src/core/events';
import type { ChatInput } from '../../../src/core/session/ChatAction';
import { chatReducer } from '../../../src/core/session/chatReducer';
import { initialChatState, type ChatState } from '../../../src/core/session/ChatState';
import type { ChatMessage, ChatPhase, ToolCallPart } from '../../../src/core/session/types';

const submit: ChatInput = { type: 'submit', userMessage: { id: 'u1', text: 'Hi' }, assistantMessageId: 'local-a', at: 1000 };

function fold(inputs: ChatInput[], from: ChatState = initialChatState): ChatState {
  return inputs.reduce(chatReducer, from);
}
function afterSubmit(...events: ChatInput[]): ChatState {
  return fold([submit, ...events]);
}
function assistant(state: ChatState): ChatMessage {
  const m = state.messages.find((x) => x.id === state.activeMessageId);
  if (!m) throw new Error('no active message');
  return m;
}
function toolCall(state: ChatState, id: string): ToolCallPart {
  const p = assistant(state).parts.find((x) => x.type === 'tool-call' && x.toolCallId === id);
  if (!p || p.type !== 'tool-call') throw new Error(`no tool call ${id}`);
  return p;
}

describe('chatReducer: local actions', () => {
  it('submit adds the user message and an empty assistant message, phase submitted', () => {
    const s = fold([submit]);
    expect(s.phase).toBe('submitted');
    expect(s.messages).toEqual([
      { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }], createdAt: 1000, parentId: '' },
      { id: 'local-a', role: 'assistant', parts: [], createdAt: 1000, parentId: 'u1' },
    ]);
    expect(s.activeMessageId).toBe('local-a');
    expect(s.activeMessageIsLocal).toBe(true);
  });

  it('submit clears a previous error', () => {
    const failed = afterSubmit({ type: 'error', message: 'boom' });
    expect(failed.error?.message).toBe('boom');
    const again = chatReducer(failed, { ...submit, userMessage: { id: 'u2', text: 'again' }, assistantMessageId: 'a2' });
    expect(again.error).toBeNull();
    expect(again.phase).toBe('submitted');
  });

  it('connection changes never touch the phase', () => {
    let s = afterSubmit({ type: 'text-delta', delta: 'x' });
    for (const c of ['open', 'reconnecting', 'replaying', 'closed', 'connecting'] as const) {
      s = chatReducer(s, { type: 'connection', connection: c });
      expect(s.connection).toBe(c);
      expect(s.phase).toBe('generating');
    }
  });

  it('the same connection state returns the same object', () => {
    const s = afterSubmit();
    expect(chatReducer(s, { type: 'connection', connection: s.connection })).toBe(s);
  });

  it.each<[ChatPhase, ChatInput[], ChatPhase]>([
    ['submitted', [], 'cancelled'],
    ['generating', [{ type: 'text-delta', delta: 'a' }], 'cancelled'],
    ['tool-calling', [{ type: 'tool-call-start', toolCallId: 't', name: 'n' }], 'cancelled'],
    ['executing', [{ type: 'tool-call-start', toolCallId: 't', name: 'n' }, { type: 'tool-executing', toolCallId: 't' }], 'cancelled'],
    ['complete', [{ type: 'done' }], 'complete'],
    ['error', [{ type: 'error', message: 'x' }], 'error'],
  ])('stop from %s ends in %s and keeps the partial answer', (from, events, to) => {
    const s = afterSubmit(...events);
    expect(s.phase).toBe(from);
    const stopped = chatReducer(s, { type: 'stop' });
    expect(stopped.phase).toBe(to);
    expect(stopped.messages.map((m) => m.parts)).toEqual(s.messages.map((m) => m.parts));
    // A stopped answer ends as the server's history will keep it: finishReason 'cancelled'.
    const finish = to === 'cancelled' ? 'cancelled' : s.messages[1]?.finishReason;
    expect(stopped.messages[1]?.finishReason).toBe(finish);
  });

  it('stop when idle changes nothing', () => {
    expect(chatReducer(initialChatState, { type: 'stop' })).toBe(initialChatState);
  });

  it('hydrate replaces messages, drops duplicated ids and sets lastSeq', () => {
    const history: ChatMessage[] = [
      { id: 'u0', role: 'user', parts: [{ type: 'text', text: 'q' }] },
      { id: 'a0', role: 'assistant', parts: [{ type: 'text', text: 'ans' }] },
      { id: 'u0', role: 'user', parts: [{ type: 'text', text: 'q' }] },
    ];
    const s = chatReducer(afterSubmit(), { type: 'hydrate', conversationId: 'c1', messages: history, lastSeq: 12 });
    expect(s.messages.map((m) => m.id)).toEqual(['u0', 'a0']);
    expect(s.lastSeq).toBe(12);
    expect(s.conversationId).toBe('c1');
    expect(s.phase).toBe('idle');
    expect(chatReducer(s, { type: 'text-delta', delta: 'old', seq: 12 })).toBe(s);
  });

  it('reset starts over with the given conversation and messages', () => {
    const m: ChatMessage = { id: 'x', role: 'user', parts: [] };
    const s = chatReducer(afterSubmit({ type: 'text-delta', delta: 'a', seq: 4 }), {
      type: 'reset',
      conversationId: 'c2',
      messages: [m],
    });
    expect(s).toEqual({ ...initialChatState, conversationId: 'c2', messages: [m] });
  });
});

describe('chatReducer: phase transitions', () => {
  it.each<[string, ChatInput[], ChatPhase]>([
    ['status from submitted', [{ type: 'status', text: 'Searching' }], 'generating'],
    ['citations from submitted', [{ type: 'citations', citations: [{ id: '1' }] }], 'generating'],
    ['session keeps submitted', [{ type: 'session', messageId: 'a' }], 'submitted'],
    ['text', [{ type: 'text-delta', delta: 'a' }], 'generating'],
    ['reasoning', [{ type: 'reasoning-delta', delta: 'a' }], 'generating'],
    ['tool start', [{ type: 'tool-call-start', toolCallId: 't', name: 'n' }], 'tool-calling'],
    ['tool delta', [{ type: 'tool-call-start', toolCallId: 't', name: 'n' }, { type: 'tool-call-delta', toolCallId: 't', argsDelta: '{' }], 'tool-calling'],
    ['tool complete', [{ type: 'tool-call', toolCallId: 't', name: 'n', args: {} }], 'tool-calling'],
    ['executing', [{ type: 'tool-call', toolCallId: 't', name: 'n', args: {} }, { type: 'tool-executing', toolCallId: 't' }], 'executing'],
    [
      'result -> resuming',
      [{ type: 'tool-call', toolCallId: 't', name: 'n', args: {} }, { type: 'tool-executing', toolCallId: 't' }, { type: 'tool-result', toolCallId: 't', result: 1 }],
      'resuming',
    ],
    [
      'resuming -> generating',
      [{ type: 'tool-call', toolCallId: 't', name: 'n', args: {} }, { type: 'tool-result', toolCallId: 't', result: 1 }, { type: 'text-delta', delta: 'so' }],
      'generating',
    ],
    ['done', [{ type: 'text-delta', delta: 'a' }, { type: 'done' }], 'complete'],
    ['fatal error', [{ type: 'text-delta', delta: 'a' }, { type: 'error', message: 'x' }], 'error'],
    ['fatal: true error', [{ type: 'error', message: 'x', fatal: true }], 'error'],
    ['non-fatal error keeps generating', [{ type: 'text-delta', delta: 'a' }, { type: 'error', message: 'x', fatal: false }], 'generating'],
    ['non-fatal error keeps executing', [{ type: 'tool-executing', toolCallId: 't' }, { type: 'error', message: 'x', fatal: false }], 'executing'],
    ['cancelled event', [{ type: 'text-delta', delta: 'a' }, { type: 'cancelled' }], 'cancelled'],
    ['cancelled after done stays complete', [{ type: 'done' }, { type: 'cancelled' }], 'complete'],
    ['done after cancelled stays cancelled', [{ type: 'cancelled' }, { type: 'done' }], 'cancelled'],
    ['text after done stays complete', [{ type: 'done' }, { type: 'text-delta', delta: 'late' }], 'complete'],
  ])('%s', (_name, events, phase) => {
    expect(afterSubmit(...events).phase).toBe(phase);
  });

  it('a full exchange walks idle -> submitted -> generating -> tool-calling -> executing -> resuming -> generating -> complete', () => {
    const steps: [ChatInput, ChatPhase][] = [
      [submit, 'submitted'],
      [{ type: 'text-delta', delta: 'Let me look. ' }, 'generating'],
      [{ type: 'tool-call-start', toolCallId: 't1', name: 'search' }, 'tool-calling'],
      [{ type: 'tool-call', toolCallId: 't1', name: 'search', args: { q: 'x' } }, 'tool-calling'],
      [{ type: 'tool-executing', toolCallId: 't1' }, 'executing'],
      [{ type: 'tool-result', toolCallId: 't1', result: ['r'] }, 'resuming'],
      [{ type: 'text-delta', delta: 'Found it.' }, 'generating'],
      [{ type: 'done', finishReason: 'stop' }, 'complete'],
    ];
    let s = initialChatState;
    expect(s.phase).toBe('idle');
    for (const [input, phase] of steps) {
      s = chatReducer(s, input);
      expect(s.phase).toBe(phase);
    }
  });

  it('a prompt from another device (user-message) starts a new generation after a completed one', () => {
    let s = afterSubmit({ type: 'session', messageId: 'a1' }, { type: 'text-delta', delta: 'one' }, { type: 'done' });
    s = fold(
      [
        { type: 'user-message', messageId: 'u-other', text: 'from phone' },
        { type: 'session', messageId: 'a2', streamId: 's2' },
        { type: 'text-delta', delta: 'two' },
      ],
      s,
    );
    expect(s.phase).toBe('generating');
    expect(s.messages.map((m) => [m.id, m.role])).toEqual([
      ['u1', 'user'],
      ['a1', 'assistant'],
      ['u-other', 'user'],
      ['a2', 'assistant'],
    ]);
    expect(s.messages[3]?.parts).toEqual([{ type: 'text', text: 'two' }]);
    expect(s.messages[1]?.parts).toEqual([{ type: 'text', text: 'one' }]);
  });
});

describe('chatReducer: parts', () => {
  it('consecutive text deltas extend one text part; status and citations in between do not split it', () => {
    const s = afterSubmit(
      { type: 'text-delta', delta: 'Hel' },
      { type: 'status', text: 'still here' },
      { type: 'citations', citations: [{ id: '1', title: 'A' }] },
      { type: 'text-delta', delta: 'lo' },
    );
    expect(assistant(s).parts).toEqual([
      { type: 'text', text: 'Hello' },
      { type: 'status', text: 'still here' },
      { type: 'citations', citations: [{ id: '1', title: 'A' }] },
    ]);
  });

  it('text after a tool call starts a new text part', () => {
    const s = afterSubmit(
      { type: 'text-delta', delta: 'Before.' },
      { type: 'tool-call', toolCallId: 't', name: 'n', args: {} },
      { type: 'tool-result', toolCallId: 't', result: 1 },
      { type: 'text-delta', delta: 'After' },
      { type: 'text-delta', delta: '!' },
    );
    expect(assistant(s).parts.map((p) => p.type)).toEqual(['text', 'tool-call', 'text']);
    expect(assistant(s).parts[2]).toEqual({ type: 'text', text: 'After!' });
  });

  it('reasoning and text are separate parts', () => {
    const s = afterSubmit(
      { type: 'reasoning-delta', delta: 'Think' },
      { type: 'reasoning-delta', delta: 'ing' },
      { type: 'text-delta', delta: 'Answer' },
    );
    expect(assistant(s).parts).toEqual([
      { type: 'reasoning', text: 'Thinking' },
      { type: 'text', text: 'Answer' },
    ]);
  });

  it('consecutive status lines replace each other; a status after text is a new part', () => {
    const s = afterSubmit(
      { type: 'status', text: 'Searching' },
      { type: 'status', text: 'Reading 3 results' },
      { type: 'text-delta', delta: 'x' },
      { type: 'status', text: 'Checking' },
    );
    expect(assistant(s).parts).toEqual([
      { type: 'status', text: 'Reading 3 results' },
      { type: 'text', text: 'x' },
      { type: 'status', text: 'Checking' },
    ]);
  });

  it('citations merge into one part, same id replaced', () => {
    const s = afterSubmit(
      { type: 'citations', citations: [{ id: '1', title: 'old' }, { id: '2' }] },
      { type: 'citations', citations: [{ id: '1', title: 'new' }, { id: '3' }] },
    );
    expect(assistant(s).parts).toEqual([
      { type: 'citations', citations: [{ id: '2' }, { id: '1', title: 'new' }, { id: '3' }] },
    ]);
  });

  it('a tool call goes streaming-args -> called -> executing -> result with times from `at`', () => {
    const s = afterSubmit(
      { type: 'tool-call-start', toolCallId: 't1', name: 'weather', at: 10 },
      { type: 'tool-call-delta', toolCallId: 't1', argsDelta: '{"city":', at: 11 },
      { type: 'tool-call-delta', toolCallId: 't1', argsDelta: '"Oslo"}', at: 12 },
    );
    expect(toolCall(s, 't1')).toEqual({
      type: 'tool-call',
      toolCallId: 't1',
      name: 'weather',
      argsText: '{"city":"Oslo"}',
      state: 'streaming-args',
      startedAt: 10,
    });
    const called = chatReducer(s, { type: 'tool-call', toolCallId: 't1', name: 'weather', args: { city: 'Oslo' }, at: 13 });
    expect(toolCall(called, 't1')).toMatchObject({ state: 'called', args: { city: 'Oslo' }, argsText: '{"city":"Oslo"}' });
    const running = chatReducer(called, { type: 'tool-executing', toolCallId: 't1', at: 20 });
    expect(toolCall(running, 't1')).toMatchObject({ state: 'executing', executingAt: 20 });
    const done = chatReducer(running, { type: 'tool-result', toolCallId: 't1', result: { temp: 3 }, at: 95 });
    expect(toolCall(done, 't1')).toMatchObject({
      state: 'result',
      result: { temp: 3 },
      isError: false,
      startedAt: 10,
      executingAt: 20,
      endedAt: 95,
    });
  });

  it('a tool-call without streamed args fills argsText from args', () => {
    const s = afterSubmit({ type: 'tool-call', toolCallId: 't', name: 'n', args: { a: 1 }, at: 5 });
    expect(toolCall(s, 't')).toMatchObject({ argsText: '{"a":1}', state: 'called', startedAt: 5 });
  });

  it('a tool error is state error with isError, and the phase moves on to resuming', () => {
    const s = afterSubmit(
      { type: 'tool-call', toolCallId: 't', name: 'n', args: {} },
      { type: 'tool-executing', toolCallId: 't' },
      { type: 'tool-result', toolCallId: 't', result: 'timeout', isError: true },
    );
    expect(toolCall(s, 't')).toMatchObject({ state: 'error', isError: true, result: 'timeout' });
    expect(s.phase).toBe('resuming');
  });

  it('parallel tool calls with interleaved deltas are distinct parts keyed by id', () => {
    const s = afterSubmit(
      { type: 'tool-call-start', toolCallId: 'a', name: 'search' },
      { type: 'tool-call-start', toolCallId: 'b', name: 'weather' },
      { type: 'tool-call-delta', toolCallId: 'a', argsDelta: '{"q":' },
      { type: 'tool-call-delta', toolCallId: 'b', argsDelta: '{"city":' },
      { type: 'tool-call-delta', toolCallId: 'a', argsDelta: '"x"}' },
      { type: 'tool-call-delta', toolCallId: 'b', argsDelta: '"Rome"}' },
      { type: 'tool-call', toolCallId: 'b', name: 'weather', args: { city: 'Rome' } },
      { type: 'tool-call', toolCallId: 'a', name: 'search', args: { q: 'x' } },
      { type: 'tool-executing', toolCallId: 'a' },
      { type: 'tool-executing', toolCallId: 'b' },
    );
    expect(assistant(s).parts.map((p) => (p.type === 'tool-call' ? [p.toolCallId, p.name, p.argsText] : p.type))).toEqual([
      ['a', 'search', '{"q":"x"}'],
      ['b', 'weather', '{"city":"Rome"}'],
    ]);
    const oneBack = chatReducer(s, { type: 'tool-result', toolCallId: 'b', result: 'sunny' });
    expect(oneBack.phase).toBe('executing');
    expect(toolCall(oneBack, 'a').state).toBe('executing');
    const both = chatReducer(oneBack, { type: 'tool-result', toolCallId: 'a', result: 'hits', isError: true });
    expect(both.phase).toBe('resuming');
    expect(toolCall(both, 'b')).toMatchObject({ state: 'result', result: 'sunny' });
    expect(toolCall(both, 'a')).toMatchObject({ state: 'error', result: 'hits' });
  });

  it('sequential tool calls are distinct parts, in order, with text between', () => {
    const s = afterSubmit(
      { type: 'tool-call', toolCallId: 'one', name: 'a', args: {} },
      { type: 'tool-result', toolCallId: 'one', result: 1 },
      { type: 'text-delta', delta: 'then ' },
      { type: 'tool-call', toolCallId: 'two', name: 'b', args: {} },
      { type: 'tool-result', toolCallId: 'two', result: 2 },
    );
    expect(assistant(s).parts.map((p) => (p.type === 'tool-call' ? p.toolCallId : p.type))).toEqual(['one', 'text', 'two']);
  });

  it('a delta for a tool call never opened creates it', () => {
    const s = afterSubmit({ type: 'tool-call-delta', toolCallId: 'x', argsDelta: '{}' });
    expect(toolCall(s, 'x')).toMatchObject({ name: '', argsText: '{}', state: 'streaming-args' });
  });

  it('done records finish reason and usage on the message', () => {
    const s = afterSubmit({ type: 'text-delta', delta: 'a' }, { type: 'done', finishReason: 'stop', usage: { outputTokens: 9 } });
    expect(assistant(s)).toMatchObject({ finishReason: 'stop', usage: { outputTokens: 9 } });
  });

  it('a fatal error is a part and the state error; the partial text stays', () => {
    const s = afterSubmit(
      { type: 'text-delta', delta: 'partial' },
      { type: 'error', message: 'Overloaded', code: 'overloaded_error', retryable: true, status: 529 },
    );
    const part = { type: 'error', message: 'Overloaded', code: 'overloaded_error', retryable: true, status: 529 };
    expect(assistant(s).parts).toEqual([{ type: 'text', text: 'partial' }, part]);
    expect(s.error).toEqual(part);
  });

  it('a non-fatal error adds a part but no state error, and streaming goes on', () => {
    const s = afterSubmit(
      { type: 'text-delta', delta: 'a' },
      { type: 'error', message: 'bad event', code: 'malformed_event', fatal: false },
      { type: 'text-delta', delta: 'b' },
    );
    expect(assistant(s).parts).toEqual([
      { type: 'text', text: 'ab' },
      { type: 'error', message: 'bad event', code: 'malformed_event' },
    ]);
    expect(s.error).toBeNull();
    expect(s.phase).toBe('generating');
  });

  it('events without a session event or submit go into a created assistant message', () => {
    const s = fold([{ type: 'text-delta', delta: 'x' }]);
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({ role: 'assistant', parts: [{ type: 'text', text: 'x' }] });
  });
});

describe('chatReducer: ids, replays and duplicates', () => {
  it('session binds the local placeholder to the server message id and records ids', () => {
    const s = afterSubmit({ type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'srv-a' });
    expect(s.messages.map((m) => m.id)).toEqual(['u1', 'srv-a']);
    expect(s).toMatchObject({ conversationId: 'c1', streamId: 's1', activeMessageId: 'srv-a', activeMessageIsLocal: false });
  });

  it('an echoed user-message with our id does not duplicate the prompt', () => {
    const s = afterSubmit({ type: 'user-message', messageId: 'u1', text: 'Hi', seq: 1 }, { type: 'session', messageId: 'a', seq: 2 });
    expect(s.messages.filter((m) => m.role === 'user')).toHaveLength(1);
    expect(s.phase).toBe('submitted');
    expect(s.lastSeq).toBe(2);
  });

  it('events at or below lastSeq change nothing (same object)', () => {
    const s = afterSubmit({ type: 'text-delta', delta: 'Hello', seq: 3 }, { type: 'tool-call-start', toolCallId: 't', name: 'n', seq: 4 });
    for (const e of [
      { type: 'text-delta', delta: 'Hello', seq: 3 },
      { type: 'tool-call-start', toolCallId: 't', name: 'n', seq: 4 },
      { type: 'done', seq: 2 },
      { type: 'error', message: 'old', seq: 1 },
    ] as ChatEvent[]) {
      expect(chatReducer(s, e)).toBe(s);
    }
  });

  it('replaying a whole stream twice gives the same state as once: no doubled text, no duplicate parts', () => {
    const stream: ChatEvent[] = [
      { type: 'user-message', messageId: 'u1', text: 'Hi', seq: 1 },
      { type: 'session', conversationId: 'c', streamId: 's', messageId: 'a1', seq: 2 },
      { type: 'text-delta', delta: 'Hel', seq: 3 },
      { type: 'tool-call', toolCallId: 't', name: 'n', args: {}, seq: 4 },
      { type: 'tool-result', toolCallId: 't', result: 1, seq: 5 },
      { type: 'text-delta', delta: 'lo', seq: 6 },
      { type: 'citations', citations: [{ id: '1' }], seq: 7 },
    ];
    const once = afterSubmit(...stream);
    const twice = fold(stream, once);
    expect(twice).toBe(once);
    // a reconnect that overlaps: 5..7 again, then 8
    const overlapped = fold([...stream.slice(4), { type: 'done', seq: 8 }], once);
    expect(assistant(overlapped).parts.map((p) => p.type)).toEqual(['text', 'tool-call', 'text', 'citations']);
    expect(assistant(overlapped).parts[2]).toEqual({ type: 'text', text: 'lo' });
    expect(overlapped.phase).toBe('complete');
  });

  it('untouched messages keep their identity', () => {
    const a = afterSubmit({ type: 'session', messageId: 'a1' }, { type: 'text-delta', delta: 'x' });
    const b = chatReducer(a, { type: 'text-delta', delta: 'y' });
    expect(b.messages[0]).toBe(a.messages[0]);
    expect(b.messages[1]).not.toBe(a.messages[1]);
  });
});
