import { CHAT_EVENT_TYPES, type ChatEvent } from '../../../src/core/events';
import { decodeChatStream, decodeChatwireMessage, encodeChatEvent } from '../../../src/core/protocols/index';
import { readSSE } from '../../../src/core/sse/index';
import { collect, textStream } from './protocolFixtures';

/** One event of every type, with every optional field filled and awkward text. */
const samples: ChatEvent[] = [
  { type: 'session', conversationId: 'c_1', streamId: 's_1', messageId: 'a_1', parentId: 'u_1' },
  { type: 'user-message', messageId: 'u_1', text: 'Zeile 1\nZeile 2\r\n🙂 "quoted"', at: 1_700_000_000_000, parentId: '' },
  { type: 'branch', messageId: 'a_0' },
  { type: 'status', text: 'Searching across 12 conversations...' },
  { type: 'text-delta', delta: '\n\ndata: not a field\n\n' },
  { type: 'reasoning-delta', delta: '東京 → 大阪' },
  { type: 'tool-call-start', toolCallId: 't1', name: 'search' },
  { type: 'tool-call-delta', toolCallId: 't1', argsDelta: '{"q":"caf' },
  { type: 'tool-call', toolCallId: 't1', name: 'search', args: { q: 'café', n: [1, 2], deep: { ok: true } } },
  { type: 'tool-executing', toolCallId: 't1' },
  { type: 'tool-executing', toolCallId: 't4', runsOn: 'page' },
  { type: 'tool-claim', toolCallId: 't4', by: 'd-laptop' },
  { type: 'tool-claim', toolCallId: 't4', by: 'd-laptop', interrupted: true },
  { type: 'tool-claim', toolCallId: 't4', by: 'd-phone', choice: 'rerun' },
  { type: 'tool-claim', toolCallId: 't4', by: 'd-phone', choice: 'report' },
  { type: 'tool-result', toolCallId: 't1', result: { hits: ['a', 'b'] }, isError: false },
  { type: 'tool-result', toolCallId: 't2', result: 'boom', isError: true },
  { type: 'approval-request', toolCallId: 't3', name: 'send_email', args: { to: 'ana@example.com' }, expiresAt: 1_700_000_600_000 },
  { type: 'approval-decision', toolCallId: 't3', approved: false, reason: 'Not now', decidedBy: 'user' },
  {
    type: 'citations',
    citations: [
      { id: '1', title: 'Doc', url: 'https://example.com/a?b=1', snippet: 'quote' },
      { id: '2', timestamp: '12:45', speaker: 'Sarah Johnson' },
    ],
  },
  {
    type: 'done',
    finishReason: 'tool-calls',
    usage: { inputTokens: 1, outputTokens: 2, reasoningTokens: 3, totalTokens: 6 },
    processingTimeMs: 812,
  },
  { type: 'error', message: 'Upstream said no', code: 'http_500', retryable: true, status: 500, fatal: false },
  { type: 'cancelled', reason: 'user' },
  { type: 'feedback', messageId: 'a_1', value: 'down' },
  { type: 'feedback', messageId: 'a_1', value: null },
];

describe('encodeChatEvent', () => {
  it('the samples cover every ChatEvent type', () => {
    expect(new Set(samples.map((e) => e.type))).toStrictEqual(new Set(CHAT_EVENT_TYPES));
  });

  it('writes id, event and one data line, per docs/PROTOCOL.md', () => {
    expect(encodeChatEvent({ type: 'text-delta', delta: 'Hello' }, 7)).toBe('id: 7\nevent: text-delta\ndata: {"delta":"Hello"}\n\n');
  });

  it('takes the id from seq when none is given, and leaves it out when there is neither', () => {
    expect(encodeChatEvent({ type: 'cancelled', seq: 12 })).toBe('id: 12\nevent: cancelled\ndata: {}\n\n');
    expect(encodeChatEvent({ type: 'cancelled' })).toBe('event: cancelled\ndata: {}\n\n');
  });

  it('refuses an id with a line break, saying what it received', () => {
    expect(() => encodeChatEvent({ type: 'cancelled' }, '1\n2')).toThrow(/CR, LF or NUL.*"1\\n2"/);
  });

  it.each(samples.map((event, i) => [event.type, event, i + 1] as const))('%s round-trips through readSSE and decodeChatwireMessage', async (_type, event, id) => {
    const messages = await collect(readSSE(textStream(encodeChatEvent(event, id))));
    expect(messages).toHaveLength(1);
    const message = messages[0];
    if (message === undefined) throw new Error('no message');
    expect(decodeChatwireMessage(message)).toStrictEqual({ ...event, seq: id });
  });

  it('a whole stream of every type round-trips through decodeChatStream with auto', async () => {
    const text = samples.map((event, i) => encodeChatEvent(event, i + 1)).join('');
    const events = await collect(decodeChatStream(textStream(text)));
    expect(events).toStrictEqual(samples.map((event, i) => ({ ...event, seq: i + 1 })));
  });
});

describe('decodeChatwireMessage', () => {
  it('ignores unknown event names', () => {
    expect(decodeChatwireMessage({ event: 'sparkle', data: '{}', id: '1' })).toBeNull();
  });

  it('reads a nameless message whose data carries a known type', () => {
    expect(decodeChatwireMessage({ event: 'message', data: '{"type":"text-delta","delta":"x"}', id: '4' })).toStrictEqual({
      type: 'text-delta',
      delta: 'x',
      seq: 4,
    });
  });

  it('takes a bare JSON string as the text of legacy events', () => {
    expect(decodeChatwireMessage({ event: 'token', data: '"Hi"', id: '' })).toStrictEqual({ type: 'text-delta', delta: 'Hi' });
    expect(decodeChatwireMessage({ event: 'error', data: '"boom"', id: '' })).toStrictEqual({ type: 'error', message: 'boom' });
  });

  it('keeps a non-numeric SSE id out of seq', () => {
    expect(decodeChatwireMessage({ event: 'status', data: '{"text":"x"}', id: 'abc' })).toStrictEqual({ type: 'status', text: 'x' });
  });
});
