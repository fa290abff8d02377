import fc from 'fast-check';
import type { ChatEvent } from '../../../src/core/events';
import { CHAT_EVENT_TYPES } from '../../../src/core/events';
import { createChatDecoder } from '../../../src/core/protocols/createChatDecoder';
import { decodeChatwireMessage } from '../../../src/core/protocols/decodeChatwireMessage';
import { encodeChatEvent } from '../../../src/core/protocols/encodeChatEvent';
import { createSessionDecoder } from '../../../src/core/session/createSessionDecoder';
import { readCanonicalChatwire } from '../../../src/core/protocols/readCanonicalChatwire';
import { readSSE } from '../../../src/core/sse/readSSE';
import { collect, streamOf } from './protocolFixtures';

// Every field spelling the full reader knows, and a few it does not.
const KEYS = [
  'conversationId', 'conversation_id', 'sessionId', 'streamId', 'stream_id', 'messageId', 'message_id', 'id',
  'delta', 'token', 'text', 'content', 'thinking', 'reasoning', 'status', 'message', 'errorText', 'error',
  'toolCallId', 'tool_call_id', 'toolUseId', 'name', 'toolName', 'tool_name', 'argsDelta', 'args_delta', 'argsTextDelta',
  'args', 'arguments', 'input', 'result', 'output', 'isError', 'is_error', 'citations', 'sources',
  'finishReason', 'finish_reason', 'reason', 'stop_reason', 'usage', 'processingTimeMs', 'processing_time_ms', 'elapsedMs',
  'code', 'retryable', 'status', 'fatal', 'seq', 'at', 'type', 'choices', 'object', '__proto__', 'extra',
  'approved', 'expiresAt', 'decidedBy',
];
const NAMES = [...CHAT_EVENT_TYPES, 'token', 'thinking', 'tool_call', 'tool_result', 'message', 'ping', 'hasOwnProperty', '__proto__'];

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('stop', 'end_turn', 'length', 'tool-calls', 'tool_calls', 'content-filter', 'refusal', '', '{"a":1}', ' '),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const citation = fc.oneof(
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('id', 'title', 'url', 'snippet', 'timestamp', 'speaker', 'name', 'index', 'href'), scalar, { maxKeys: 4 }) },
  {
    weight: 3,
    arbitrary: fc.record(
      { id: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), title: fc.string(), url: fc.string(), snippet: fc.string(), timestamp: fc.oneof(fc.string(), fc.integer()), speaker: fc.string(), name: fc.string() },
      { requiredKeys: ['id'] },
    ),
  },
);
const usage = fc.dictionary(
  fc.constantFrom('inputTokens', 'outputTokens', 'reasoningTokens', 'totalTokens', 'input_tokens', 'prompt_tokens', 'cache_read_input_tokens', 'output_tokens_details'),
  fc.oneof(fc.integer({ min: 0, max: 9 }), scalar, fc.constant({ reasoning_tokens: 2 })),
  { maxKeys: 3 },
);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(fc.oneof(citation, scalar), { maxLength: 3 }) },
  { weight: 1, arbitrary: usage },
  { weight: 1, arbitrary: fc.constant({ message: 'nested', code: 'c' }) },
);
// The canonical fields of each event (what chatwire/server writes), to build messages that
// are often canonical, with other spellings and wrong types mixed in.
const CANONICAL: Record<string, string[]> = {
  session: ['conversationId', 'streamId', 'messageId'],
  'user-message': ['!messageId', '!text'],
  status: ['!text'],
  'text-delta': ['!delta'],
  'reasoning-delta': ['!delta'],
  'tool-call-start': ['!toolCallId', '!name'],
  'tool-call-delta': ['!toolCallId', '!argsDelta'],
  'tool-call': ['!toolCallId', '!name', 'args'],
  'tool-executing': ['!toolCallId'],
  'tool-result': ['!toolCallId', 'result', 'isError'],
  'approval-request': ['!toolCallId', '!name', 'args', 'expiresAt'],
  'approval-decision': ['!toolCallId', '!approved', 'reason', 'decidedBy'],
  citations: ['!citations'],
  done: ['finishReason', 'usage', 'processingTimeMs'],
  error: ['!message', 'code', 'retryable', 'status', 'fatal'],
  cancelled: ['reason'],
};
const typedValue = (key: string) => {
  const typed: Record<string, fc.Arbitrary<unknown>> = {
    isError: fc.boolean(), retryable: fc.boolean(), fatal: fc.boolean(), approved: fc.boolean(),
    expiresAt: fc.integer({ min: 0, max: 99 }), decidedBy: fc.constantFrom('user', 'timeout', 'stop', 'other'),
    status: fc.integer({ min: 400, max: 599 }), processingTimeMs: fc.integer({ min: 0, max: 99 }),
    seq: fc.integer({ min: 0, max: 99 }), at: fc.integer({ min: 0, max: 99 }),
    citations: fc.array(citation, { maxLength: 3 }), usage, args: fc.oneof(value, fc.constant({ q: 1 })), result: value,
    finishReason: fc.constantFrom('stop', 'length', 'tool-calls', 'content-filter', 'end_turn', 'tool_calls', 'other', ''),
  };
  return fc.oneof({ weight: 4, arbitrary: (Object.hasOwn(typed, key) ? typed[key] : undefined) ?? fc.string({ maxLength: 4 }) }, { weight: 1, arbitrary: value });
};
const dataFor = (name: string) => {
  const own = [...((Object.hasOwn(CANONICAL, name) ? CANONICAL[name] : undefined) ?? []), 'seq', 'at'];
  // Required fields are there 9 times in 10, optional ones half the time, a foreign one 1 in 4.
  const picks = own.map((key) =>
    key.startsWith('!') ? fc.constantFrom(key.slice(1), key.slice(1), key.slice(1), key.slice(1), key.slice(1), key.slice(1), key.slice(1), key.slice(1), key.slice(1), null) : fc.constantFrom(key, null),
  );
  const foreign = fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...KEYS) });
  return fc.tuple(...picks, foreign).chain((chosen) => {
    const keys = [...new Set(chosen.filter((k): k is string => k !== null))];
    return fc.tuple(...keys.map((k) => typedValue(k))).map((vs) => JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, vs[i]]))));
  });
};
const data = (name: string) =>
  fc.oneof(
    { weight: 8, arbitrary: dataFor(name) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'not json', '"bare"', '[1]', '42', 'null', '{"__proto__":{"delta":"x"}}') },
  );
const message = fc
  .oneof({ weight: 5, arbitrary: fc.constantFrom(...CHAT_EVENT_TYPES) }, { weight: 1, arbitrary: fc.constantFrom(...NAMES) })
  .chain((event) => fc.record({ event: fc.constant(event), data: data(event), id: fc.constantFrom('', '7', 'abc', '0012') }));

describe('readCanonicalChatwire', () => {
  it('decodes exactly as decodeChatwireMessage whenever it decodes (random messages, all spellings)', () => {
    let decoded = 0;
    fc.assert(
      fc.property(message, (m) => {
        const fast = readCanonicalChatwire(m);
        if (fast === undefined) return;
        decoded += 1;
        expect(fast).toStrictEqual(decodeChatwireMessage(m));
      }),
      { numRuns: 4000 },
    );
    expect(decoded).toBeGreaterThan(700); // the property was exercised, not vacuous (about 960 of 4,000 since branch, feedback and tool-claim events go to the full reader)
  });

  it('decodes every event chatwire/server writes (encodeChatEvent), as the full reader does', () => {
    const events: ChatEvent[] = [
      { type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'm1' },
      { type: 'user-message', messageId: 'u1', text: 'Hi' },
      { type: 'status', text: 'Searching' },
      { type: 'text-delta', delta: 'Hel' },
      { type: 'reasoning-delta', delta: 'hmm' },
      { type: 'tool-call-start', toolCallId: 't1', name: 'search' },
      { type: 'tool-call-delta', toolCallId: 't1', argsDelta: '{"q":' },
      { type: 'tool-call', toolCallId: 't1', name: 'search', args: { q: 'x' } },
      { type: 'tool-executing', toolCallId: 't1' },
      { type: 'tool-result', toolCallId: 't1', result: { hits: 2 }, isError: false },
      { type: 'citations', citations: [{ id: '1', title: 'T', url: 'https://example.com', snippet: 's' }] },
      { type: 'done', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 5 }, processingTimeMs: 12 },
      { type: 'error', message: 'boom', code: 'provider_error', retryable: true, status: 502, fatal: false },
      { type: 'cancelled', reason: 'user' },
      { type: 'cancelled' },
    ];
    events.forEach((event, i) => {
      const text = encodeChatEvent({ ...event, at: 1000 + i }, i + 1);
      const [sse] = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
      const m = { event: event.type, data: sse ?? '', id: String(i + 1) };
      expect(readCanonicalChatwire(m), event.type).toStrictEqual({ ...event, seq: i + 1, at: 1000 + i });
      expect(readCanonicalChatwire(m)).toStrictEqual(decodeChatwireMessage(m));
    });
  });

  it('leaves legacy names, other spellings and malformed data to the full reader', () => {
    for (const m of [
      { event: 'token', data: '{"delta":"x"}', id: '' },
      { event: 'text-delta', data: '{"text":"x"}', id: '' },
      { event: 'text-delta', data: '"x"', id: '' },
      { event: 'text-delta', data: '{"delta":1}', id: '' },
      { event: 'done', data: '{"finishReason":"end_turn"}', id: '' },
      { event: 'message', data: '{"type":"text-delta","delta":"x"}', id: '' },
      { event: 'session', data: '{"conversationId":7}', id: '' },
      { event: 'approval-request', data: '{"toolCallId":"t","name":"send","args":{}}', id: '' },
      { event: 'approval-decision', data: '{"toolCallId":"t","approved":true,"decidedBy":"user"}', id: '' },
    ]) {
      expect(readCanonicalChatwire(m), JSON.stringify(m)).toBeUndefined();
    }
  });
});

describe('the session decoder on chatwire streams that use legacy names or approvals', () => {
  it('decodes a canonical start and a legacy or approval continuation as createChatDecoder does', async () => {
    const text =
      'id: 1\nevent: session\ndata: {"conversationId":"c1"}\n\n' +
      'id: 2\nevent: text-delta\ndata: {"delta":"Hel"}\n\n' +
      'id: 3\nevent: token\ndata: {"token":"lo"}\n\n' +
      'id: 4\nevent: text-delta\ndata: {"delta":"!"}\n\n' +
      'id: 5\nevent: tool_call\ndata: {"tool_call_id":"t","tool_name":"f","arguments":"{\\"a\\":1}"}\n\n' +
      'id: 6\nevent: approval-request\ndata: {"toolCallId":"t2","name":"send","args":{"to":"a"},"expiresAt":9}\n\n' +
      'id: 7\nevent: approval-decision\ndata: {"toolCallId":"t2","approved":false,"reason":"no","decidedBy":"user"}\n\n' +
      'id: 8\nevent: done\ndata: {"finish_reason":"end_turn"}\n\n';
    const messages = await collect(readSSE(streamOf(new TextEncoder().encode(text))));
    for (const protocol of ['auto', 'chatwire'] as const) {
      const full = createChatDecoder({ protocol });
      const want = [...messages.flatMap((m) => full.push(m)), ...full.end()];
      const session = createSessionDecoder(protocol);
      const got: ChatEvent[] = [];
      for (const m of messages) got.push(...(await session.push(m)));
      got.push(...(await session.end()));
      expect(got).toStrictEqual(want);
      expect(session.protocol).toBe('chatwire');
    }
  });
});
