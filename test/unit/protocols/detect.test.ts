import type { ChatEvent } from '../../../src/core/events';
import {
  createChatDecoder,
  decodeChatStream,
  detectProtocolFromHeaders,
  detectProtocolFromMessage,
} from '../../../src/core/protocols/index';
import { collect, textStream } from './protocolFixtures';

const message = (data: string, event = 'message') => ({ event, data, id: '' });

describe('auto-detection by headers', () => {
  it('reads the AI SDK headers, case-insensitively, from any header shape', () => {
    expect(detectProtocolFromHeaders({ 'X-Vercel-AI-UI-Message-Stream': 'v1' })).toBe('ai-sdk-ui');
    expect(detectProtocolFromHeaders(new Headers({ 'x-vercel-ai-data-stream': 'v1' }))).toBe('ai-sdk-data');
    expect(detectProtocolFromHeaders([['x-vercel-ai-ui-message-stream', 'v1']])).toBe('ai-sdk-ui');
    expect(detectProtocolFromHeaders({ 'content-type': 'text/event-stream' })).toBeUndefined();
    expect(detectProtocolFromHeaders(undefined)).toBeUndefined();
  });

  it('a decoder resolves from headers before any event', () => {
    expect(createChatDecoder({ protocol: 'auto', headers: { 'x-vercel-ai-ui-message-stream': 'v1' } }).protocol).toBe('ai-sdk-ui');
    expect(createChatDecoder({ protocol: 'auto' }).protocol).toBe('auto');
  });

  it('headers win over the first event', async () => {
    // A UI-stream text-delta also reads as a data-only chatwire event; the header decides.
    const body = 'data: {"type":"text-delta","id":"t","delta":"a"}\n\ndata: {"type":"finish"}\n\n';
    const events = await collect(decodeChatStream(textStream(body), { headers: { 'x-vercel-ai-ui-message-stream': 'v1' } }));
    expect(events).toStrictEqual([{ type: 'text-delta', delta: 'a' }, { type: 'done' }]);
  });

  it('x-vercel-ai-data-stream reads the body as lines', async () => {
    const events = await collect(decodeChatStream(textStream('0:"Hi"\nd:{"finishReason":"stop"}\n'), { headers: { 'x-vercel-ai-data-stream': 'v1' } }));
    expect(events).toStrictEqual([{ type: 'text-delta', delta: 'Hi' }, { type: 'done', finishReason: 'stop' }]);
  });

  it('a non-event-stream body starting like 0:"..." is the data stream, even cut after one byte', async () => {
    const events = await collect(
      decodeChatStream(textStream('0:"Hé"\n0:"!"\n', [1, 2, 5]), { headers: { 'content-type': 'text/plain; charset=utf-8' } }),
    );
    expect(events).toStrictEqual([
      { type: 'text-delta', delta: 'Hé' },
      { type: 'text-delta', delta: '!' },
    ]);
  });

  it('an event-stream content type is never peeked as the data stream', async () => {
    // `0:"x"` in SSE is a field named "0", which the SSE reader ignores.
    const events = await collect(decodeChatStream(textStream('0:"x"\n\n'), { headers: { 'content-type': 'text/event-stream' } }));
    expect(events).toStrictEqual([]);
  });
});

describe('auto-detection by the first event', () => {
  it.each([
    ['anthropic', message('{"type":"message_start","message":{"id":"m"}}', 'message_start')],
    ['anthropic', message('{"type":"message_start","message":{"id":"m"}}')],
    ['anthropic', message('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'error')],
    ['openai-chat', message('{"id":"c","object":"chat.completion.chunk","choices":[]}')],
    ['openai-chat', message('{"error":{"message":"boom","type":"server_error"}}')],
    ['openai-responses', message('{"type":"response.created","sequence_number":0,"response":{"id":"r"}}', 'response.created')],
    ['openai-responses', message('{"type":"response.created","sequence_number":0,"response":{"id":"r"}}')],
    ['ai-sdk-ui', message('{"type":"start","messageId":"m"}')],
    ['ai-sdk-ui', message('{"type":"data-status","data":"x"}')],
    ['ai-sdk-data', message('0:"Hi"')],
    ['chatwire', message('{"conversationId":"c"}', 'session')],
    ['chatwire', message('{"token":"x"}', 'token')],
    ['chatwire', message('{"id":"t","name":"n","arguments":"{}"}', 'tool_call')],
  ] as const)('%s from %j', (expected, msg) => {
    expect(detectProtocolFromMessage(msg)).toBe(expected);
    const decoder = createChatDecoder({ protocol: 'auto' });
    decoder.push(msg);
    expect(decoder.protocol).toBe(expected);
  });

  it('holds messages that say nothing and decodes them once the protocol is known', () => {
    const decoder = createChatDecoder();
    expect(decoder.push(message('{"choices":[{"index":0,"delta":{"content":"a"}}]}'.replace('choices', 'x')))).toStrictEqual([]);
    expect(decoder.protocol).toBe('auto');
    const events: ChatEvent[] = decoder.push(message('{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"b"}}]}'));
    expect(decoder.protocol).toBe('openai-chat');
    expect(events).toStrictEqual([{ type: 'text-delta', delta: 'b' }]);
  });

  it('gives up with an unknown_protocol error that says what came and what to do', () => {
    const decoder = createChatDecoder();
    const out: ChatEvent[] = [];
    for (let i = 0; i < 16; i++) out.push(...decoder.push(message(`{"mystery":${i}}`)));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'error', code: 'unknown_protocol' });
    const text = (out[0] as { message: string }).message;
    expect(text).toContain('{\\"mystery\\":0}');
    expect(text).toContain('protocol');
    expect(decoder.push(message('{"mystery":99}'))).toStrictEqual([]);
    expect(decoder.end()).toStrictEqual([]);
  });

  it('reports an undetected stream at its end', () => {
    const decoder = createChatDecoder();
    decoder.push(message('[DONE]'));
    expect(decoder.end()).toMatchObject([{ type: 'error', code: 'unknown_protocol' }]);
  });

  it('rejects an unknown protocol name with the list of valid ones', () => {
    expect(() => createChatDecoder({ protocol: 'gemini' as never })).toThrow(/unknown protocol "gemini".*openai-chat/);
  });
});
