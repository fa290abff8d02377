import type { ChatEvent, ErrorEvent } from '../../../src/core/events';
import { createChatDecoder, decodeChatStream, type ResolvedChatProtocol } from '../../../src/core/protocols/index';
import { collect, textStream } from './protocolFixtures';

interface Case {
  protocol: ResolvedChatProtocol;
  /** A stream: good event, malformed event, good event. */
  body: string;
  eventType: string;
  good: ChatEvent[];
}

const LONG = `{"broken": ${'x'.repeat(400)}`;

const cases: Case[] = [
  {
    protocol: 'chatwire',
    body: `id: 1\nevent: text-delta\ndata: {"delta":"a"}\n\nid: 2\nevent: text-delta\ndata: ${LONG}\n\nid: 3\nevent: text-delta\ndata: {"delta":"b"}\n\n`,
    eventType: 'text-delta',
    good: [
      { type: 'text-delta', delta: 'a', seq: 1 },
      { type: 'text-delta', delta: 'b', seq: 3 },
    ],
  },
  {
    protocol: 'anthropic',
    body:
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}\n\n' +
      `event: content_block_delta\ndata: ${LONG}\n\n` +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"b"}}\n\n',
    eventType: 'content_block_delta',
    good: [
      { type: 'text-delta', delta: 'a' },
      { type: 'text-delta', delta: 'b' },
    ],
  },
  {
    protocol: 'openai-chat',
    body:
      'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n' +
      `data: ${LONG}\n\n` +
      'data: {"choices":[{"index":0,"delta":{"content":"b"}}]}\n\n',
    eventType: 'chunk',
    good: [
      { type: 'text-delta', delta: 'a' },
      { type: 'text-delta', delta: 'b' },
    ],
  },
  {
    protocol: 'openai-responses',
    body:
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":4,"delta":"a"}\n\n' +
      `event: response.output_text.delta\ndata: ${LONG}\n\n` +
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":6,"delta":"b"}\n\n',
    eventType: 'response.output_text.delta',
    good: [
      { type: 'text-delta', delta: 'a', seq: 4 },
      { type: 'text-delta', delta: 'b', seq: 6 },
    ],
  },
  {
    protocol: 'ai-sdk-ui',
    body: `data: {"type":"text-delta","id":"t","delta":"a"}\n\ndata: ${LONG}\n\ndata: {"type":"text-delta","id":"t","delta":"b"}\n\n`,
    eventType: 'chunk',
    good: [
      { type: 'text-delta', delta: 'a' },
      { type: 'text-delta', delta: 'b' },
    ],
  },
  {
    protocol: 'ai-sdk-data',
    body: `0:"a"\n0:${LONG}\n0:"b"\n`,
    eventType: '0:',
    good: [
      { type: 'text-delta', delta: 'a' },
      { type: 'text-delta', delta: 'b' },
    ],
  },
];

describe('malformed JSON in one event', () => {
  describe.each(cases)('$protocol', ({ protocol, body, eventType, good }) => {
    it('becomes a non-fatal malformed_event error and the stream goes on', async () => {
      const events = await collect(decodeChatStream(textStream(body), { protocol }));
      expect(events).toHaveLength(3);
      expect(events[0]).toStrictEqual(good[0]);
      expect(events[2]).toStrictEqual(good[1]);
      const error = events[1] as ErrorEvent;
      expect(error).toMatchObject({ type: 'error', code: 'malformed_event', fatal: false });
      expect(error.message).toContain(protocol);
      expect(error.message).toContain(`"${eventType}"`);
    });

    it('quotes at most 120 characters of what came', async () => {
      const events = await collect(decodeChatStream(textStream(body), { protocol }));
      const message = (events[1] as ErrorEvent).message;
      const json = /received ("(?:[^"\\]|\\.)*")/.exec(message)?.[1] ?? '""';
      const quoted = JSON.parse(json) as string;
      expect(quoted.length).toBeGreaterThan(20);
      expect(quoted.length).toBeLessThanOrEqual(120);
      expect(message).toContain('{\\"broken\\": xxxx');
      expect(message).not.toContain('x'.repeat(200));
    });
  });

  it('a chatwire event missing its required field names the field', () => {
    const decoder = createChatDecoder({ protocol: 'chatwire' });
    const [error] = decoder.push({ event: 'text-delta', data: '{"oops":1}', id: '9' });
    expect(error).toMatchObject({ type: 'error', code: 'malformed_event', fatal: false });
    expect((error as ErrorEvent).message).toContain('"delta"');
    expect((error as ErrorEvent).message).toContain('{\\"oops\\":1}');
  });

  it('an ai-sdk-data line without a type code says so', () => {
    const decoder = createChatDecoder({ protocol: 'ai-sdk-data' });
    const [error] = decoder.push({ event: 'message', data: 'hello there', id: '' });
    expect(error).toMatchObject({ type: 'error', code: 'malformed_event', fatal: false });
    expect((error as ErrorEvent).message).toContain('hello there');
  });
});

describe('unknown event types are ignored', () => {
  const unknown: Array<[ResolvedChatProtocol, string, ChatEvent[]]> = [
    ['chatwire', 'event: sparkle\ndata: {"x":1}\n\nevent: text-delta\ndata: {"delta":"a"}\n\n', [{ type: 'text-delta', delta: 'a' }]],
    [
      'anthropic',
      'event: content_block_gleam\ndata: {"type":"content_block_gleam","index":0}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"new_delta","x":1}}\n\n' +
        'event: ping\ndata: {"type":"ping"}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}\n\n',
      [{ type: 'text-delta', delta: 'a' }],
    ],
    [
      'openai-chat',
      'data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"audio":{"id":"x"}}}]}\n\ndata: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n',
      [{ type: 'text-delta', delta: 'a' }],
    ],
    [
      'openai-responses',
      'event: response.web_search_call.searching\ndata: {"type":"response.web_search_call.searching","sequence_number":3}\n\n' +
        'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":4,"delta":"a"}\n\n',
      [{ type: 'text-delta', delta: 'a', seq: 4 }],
    ],
    [
      'ai-sdk-ui',
      'data: {"type":"file","url":"https://x/y.png","mediaType":"image/png"}\n\ndata: {"type":"data-chart","data":{"points":[1,2]}}\n\ndata: {"type":"text-delta","id":"t","delta":"a"}\n\n',
      [{ type: 'text-delta', delta: 'a' }],
    ],
    ['ai-sdk-data', 'k:{"data":"x"}\nz:"new"\n0:"a"\n', [{ type: 'text-delta', delta: 'a' }]],
  ];

  it.each(unknown)('%s', async (protocol, body, expected) => {
    expect(await collect(decodeChatStream(textStream(body), { protocol }))).toStrictEqual(expected);
  });
});
