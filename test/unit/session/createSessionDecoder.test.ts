import type { ChatEvent } from '../../../src/core/events';
import { createChatDecoder } from '../../../src/core/protocols/createChatDecoder';
import { detectProtocolFromMessage } from '../../../src/core/protocols/detectProtocolFromMessage';
import { createSessionDecoder, type SessionDecoder } from '../../../src/core/session/createSessionDecoder';
import type { SSEMessage } from '../../../src/core/sse/SSEMessage';
import { readLines } from '../../../src/core/sse/readLines';
import { readSSE } from '../../../src/core/sse/readSSE';
import { collect, loadProtocolFixtures, streamOf } from '../protocols/protocolFixtures';

const fixtures = loadProtocolFixtures();

async function messagesOf(fixture: (typeof fixtures)[number]): Promise<SSEMessage[]> {
  if (fixture.protocol === 'ai-sdk-data') {
    const lines = await collect(readLines(streamOf(fixture.bytes)));
    return lines.map((line) => ({ event: 'message', data: line, id: '' }));
  }
  return collect(readSSE(streamOf(fixture.bytes)));
}

async function decode(decoder: SessionDecoder, messages: SSEMessage[]): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for (const message of messages) events.push(...(await decoder.push(message)));
  events.push(...(await decoder.end()));
  return events;
}

describe('createSessionDecoder', () => {
  describe.each(fixtures.filter((f) => f.protocol !== 'ai-sdk-data'))('$label', (fixture) => {
    it('decodes like createChatDecoder, with the protocol named and with auto', async () => {
      const messages = await messagesOf(fixture);
      for (const protocol of [fixture.protocol, 'auto'] as const) {
        const full = createChatDecoder({ protocol });
        const want = [...messages.flatMap((m) => full.push(m)), ...full.end()];
        const session = createSessionDecoder(protocol);
        expect(await decode(session, messages)).toStrictEqual(want);
        expect(session.protocol).toBe(fixture.protocol);
      }
    });
  });

  it('decodes the AI SDK data stream named by its header', async () => {
    for (const fixture of fixtures.filter((f) => f.protocol === 'ai-sdk-data')) {
      const messages = await messagesOf(fixture);
      const full = createChatDecoder({ protocol: 'auto', headers: { 'x-vercel-ai-data-stream': 'v1' } });
      const want = [...messages.flatMap((m) => full.push(m)), ...full.end()];
      expect(await decode(createSessionDecoder('auto', { 'X-Vercel-AI-Data-Stream': 'v1' }), messages)).toStrictEqual(want);
    }
  });

  it('answers a plainly chatwire first message synchronously, without the full decoder', async () => {
    vi.resetModules(); // a fresh module: the full decoder is not loaded yet
    const fresh = await import('../../../src/core/session/createSessionDecoder');
    const decoder = fresh.createSessionDecoder('auto');
    const other = fresh.createSessionDecoder('auto').push({ event: 'message', data: '{"choices":[]}', id: '' });
    expect(other).toBeInstanceOf(Promise); // the full decoder is loading, not loaded
    const message = { event: 'text-delta', data: '{"delta":"Hi"}', id: '3' };
    const events = decoder.push(message);
    expect(Array.isArray(events)).toBe(true);
    expect(events).toEqual(createChatDecoder().push(message));
    expect(events).toMatchObject([{ type: 'text-delta', delta: 'Hi' }]);
    await other;
    expect(decoder.protocol).toBe('chatwire');
  });

  it('decides the protocol of a first message as createChatDecoder does', async () => {
    const names = ['session', 'text-delta', 'token', 'error', 'done', 'status', 'message', 'message_start', 'response.created', 'ping'];
    const datas = ['{"delta":"x"}', '"x"', 'x', '{"type":"error","error":{"message":"m"}}', '{"type":"error","sequence_number":1}',
      '{"choices":[]}', '{"object":"chat.completion.chunk"}', '{"message":"m"}', '[1]', '42', '{"type":"text-delta","delta":"x"}'];
    for (const event of names) {
      for (const data of datas) {
        const message = { event, data, id: '' };
        const decoder = createSessionDecoder('auto');
        const events = await decoder.push(message);
        const full = createChatDecoder();
        expect(events, `${event} ${data}`).toStrictEqual(full.push(message));
        expect(decoder.protocol, `${event} ${data}`).toBe(full.protocol);
        expect(decoder.protocol === 'chatwire', `${event} ${data}`).toBe(detectProtocolFromMessage(message) === 'chatwire');
      }
    }
  });

  it('hands a chatwire-named event that looks like another format to the full detection', async () => {
    const message = { event: 'done', data: '{"object":"chat.completion.chunk","choices":[]}', id: '' };
    const decoder = createSessionDecoder('auto');
    const pushed = decoder.push(message);
    const full = createChatDecoder();
    expect(await pushed).toEqual(full.push(message));
    expect(decoder.protocol).toBe(full.protocol);
    expect(decoder.protocol).toBe('openai-chat');
  });

  it('reports an unknown protocol at once', () => {
    expect(() => createSessionDecoder('smoke-signals' as never)).toThrow(/unknown protocol "smoke-signals"/);
  });

  it('holds an undetectable stream and reports it as unknown at the end, like createChatDecoder', async () => {
    const decoder = createSessionDecoder('auto');
    const events = await decode(decoder, [{ event: 'message', data: 'hello', id: '' }]);
    expect(events).toMatchObject([{ type: 'error', code: 'unknown_protocol' }]);
  });
});
