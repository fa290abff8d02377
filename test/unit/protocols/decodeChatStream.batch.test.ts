import fc from 'fast-check';
import type { ChatEvent } from '../../../src/core/events';
import { createChatDecoder, decodeChatStream } from '../../../src/core/protocols/index';
import { readSSE } from '../../../src/core/sse/readSSE';
import { collect } from './protocolFixtures';

const encoder = new TextEncoder();

const chunk = (content: string): string =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

/** A body that serves `chunks` (bounded), counting pulls and noting cancel. */
function counted(chunks: readonly string[]) {
  const state = { pulls: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[state.pulls++];
        if (next === undefined) controller.close();
        else controller.enqueue(encoder.encode(next));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

describe('decodeChatStream: one pass per network chunk', () => {
  it('decodes every event of a chunk from one read, in order, before reading the next chunk', async () => {
    const first = Array.from({ length: 100 }, (_, i) => chunk(`a${i}`)).join('');
    const second = Array.from({ length: 100 }, (_, i) => chunk(`b${i}`)).join('');
    const { body, state } = counted([first, second]);
    const events = decodeChatStream(body, { protocol: 'openai-chat' });
    const seen: ChatEvent[] = [];
    for (let i = 0; i < 100; i++) {
      const result = await events.next();
      if (result.done === true) throw new Error(`the stream ended after ${i} events`);
      seen.push(result.value);
    }
    expect(state.pulls).toBe(1);
    expect(seen).toStrictEqual(Array.from({ length: 100 }, (_, i) => ({ type: 'text-delta', delta: `a${i}` })));
    const rest = await collect(events);
    expect(rest.map((e) => (e.type === 'text-delta' ? e.delta : e.type))).toStrictEqual(Array.from({ length: 100 }, (_, i) => `b${i}`));
  });

  it('delivers the events decoded before an oversized event, then throws event_too_large and cancels the body', async () => {
    const { body, state } = counted([`${chunk('one')}${chunk('two')}${chunk('x'.repeat(3000))}${chunk('never')}`, chunk('later')]);
    const seen: ChatEvent[] = [];
    let error: unknown;
    try {
      for await (const event of decodeChatStream(body, { protocol: 'openai-chat', maxEventSize: 1000 })) seen.push(event);
    } catch (caught) {
      error = caught;
    }
    expect(seen).toStrictEqual([
      { type: 'text-delta', delta: 'one' },
      { type: 'text-delta', delta: 'two' },
    ]);
    expect(error).toMatchObject({ code: 'event_too_large' });
    expect(state.cancelled).toBe(true);
  });

  it('stops between two events of one chunk when the consumer breaks, and runs no end-of-stream flush', async () => {
    // A pending tool call would be completed by the decoder's end(); breaking out must not do it.
    const call = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{}' } }] } }] })}\n\n`;
    const { body, state } = counted([`${chunk('a')}${call}${chunk('b')}`]);
    const seen: ChatEvent[] = [];
    for await (const event of decodeChatStream(body, { protocol: 'openai-chat' })) {
      seen.push(event);
      if (event.type === 'tool-call-start') break;
    }
    expect(seen.map((e) => e.type)).toStrictEqual(['text-delta', 'tool-call-start']);
    expect(state.cancelled).toBe(true);
  });

  it('splits AI SDK data stream lines cut across many chunks, and limits their length', async () => {
    const text = '0:"Hel"\n0:"lo wörld"\r\nd:{"finishReason":"stop"}\n';
    const cuts = [...text].map((_, i) => text.slice(i, i + 1));
    const { body } = counted(cuts);
    expect(await collect(decodeChatStream(body, { protocol: 'ai-sdk-data' }))).toStrictEqual([
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo wörld' },
      { type: 'done', finishReason: 'stop' },
    ]);
    const long = counted(['0:"', 'x'.repeat(600), 'x'.repeat(600), '"\n']);
    await expect(collect(decodeChatStream(long.body, { protocol: 'ai-sdk-data', maxEventSize: 1000 }))).rejects.toMatchObject({
      code: 'event_too_large',
    });
    expect(long.state.cancelled).toBe(true);
  });

  it('gives the same events as readSSE + createChatDecoder, for any chunking', async () => {
    const pieces = ['Hé', 'llo', ' 🙂', '\n', '東京', ''];
    const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
    const event = fc.tuple(fc.constantFrom(...pieces), lineEnd).map(([content, end]) => {
      const data = JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
      return `data: ${data}${end}${end}`;
    });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 20 }), async (events, cuts) => {
        const bytes = encoder.encode(`${events.join('')}data: [DONE]\n\n`);
        const sorted = [...new Set(cuts.filter((c) => c < bytes.length))].sort((a, b) => a - b);
        const body = (): ReadableStream<Uint8Array> => {
          let i = 0;
          const bounds = [0, ...sorted, bytes.length];
          return new ReadableStream<Uint8Array>({
            pull(controller) {
              const from = bounds[i];
              const to = bounds[i + 1];
              i++;
              if (from === undefined || to === undefined) controller.close();
              else controller.enqueue(bytes.slice(from, to));
            },
          });
        };
        const reference = createChatDecoder({ protocol: 'openai-chat' });
        const expected: ChatEvent[] = [];
        for await (const message of readSSE(body())) expected.push(...reference.push(message));
        expected.push(...reference.end());
        expect(await collect(decodeChatStream(body(), { protocol: 'openai-chat' }))).toStrictEqual(expected);
      }),
      { numRuns: 80 },
    );
  });
});

describe('decodeChatStream: delegation', () => {
  it('an outer generator that is thrown into closes the stream', async () => {
    const { body, state } = counted([chunk('a'), chunk('b'), chunk('c')]);
    async function* outer(): AsyncGenerator<ChatEvent> {
      yield* decodeChatStream(body, { protocol: 'openai-chat' });
    }
    const it = outer();
    expect((await it.next()).value).toStrictEqual({ type: 'text-delta', delta: 'a' });
    await expect(it.throw(new Error('stop here'))).rejects.toThrow('stop here');
    expect(state.cancelled).toBe(true);
  });
});
