import type { SSEMessage } from '../../../src/core/sse/SSEMessage';
import { createAnthropicAdapter } from '../../../src/core/protocols/adapters/createAnthropicAdapter';
import { createChatDecoder } from '../../../src/core/protocols/createChatDecoder';
import { createDecoder } from '../../../src/core/protocols/internal/createDecoder';
import type { ProtocolAdapter } from '../../../src/core/protocols/internal/ProtocolAdapter';

const anthropic = (type: string, rest: Record<string, unknown> = {}): SSEMessage => ({
  event: type,
  data: JSON.stringify({ type, ...rest }),
  id: '',
});
const delta = (text: string) => anthropic('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
const stream: SSEMessage[] = [
  { event: 'ping', data: '{"type":"ping"}', id: '' },
  anthropic('message_start', { message: { id: 'msg_1', role: 'assistant', content: [] } }),
  anthropic('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  delta('Hel'),
  delta('lo'),
  anthropic('content_block_stop', { index: 0 }),
  anthropic('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }),
  anthropic('message_stop'),
];

/** An adapter source whose module "loads" when the test says so. */
function deferredSource() {
  let release!: (create: () => ProtocolAdapter) => void;
  const requested: string[] = [];
  const source = (protocol: string) => {
    requested.push(protocol);
    return new Promise<() => ProtocolAdapter>((resolve) => {
      release = resolve;
    });
  };
  return { source, requested, release: () => release(createAnthropicAdapter) };
}

describe('createDecoder with adapters loaded on demand', () => {
  it('decodes to the same events as the synchronous decoder, in order, across the load', async () => {
    const sync = createChatDecoder();
    const want = [...stream.flatMap((m) => sync.push(m)), ...sync.end()];

    const { source, requested, release } = deferredSource();
    const lazy = createDecoder('auto', undefined, source);
    // Push everything before the adapter is loaded, as a caller that does not wait would.
    const results = stream.map((m) => lazy.push(m));
    const ended = lazy.end();
    expect(requested).toEqual(['anthropic']);
    expect(lazy.protocol).toBe('anthropic');
    expect(results.slice(0, 2)).toEqual([[], expect.any(Promise)]);
    release();
    const got = [...(await Promise.all(results)).flat(), ...(await ended)];
    expect(got).toEqual(want);
    expect(got.filter((e) => e.type === 'text-delta').map((e) => (e as { delta: string }).delta)).toEqual(['Hel', 'lo']);
  });

  it('answers synchronously once the adapter is there', async () => {
    const { source, release } = deferredSource();
    const lazy = createDecoder('anthropic', undefined, source);
    const first = lazy.push(stream[1] as SSEMessage);
    expect(first).toBeInstanceOf(Promise);
    release();
    await first;
    expect(Array.isArray(lazy.push(stream[2] as SSEMessage))).toBe(true);
  });

  it('rejects pushes when the adapter fails to load', async () => {
    const lazy = createDecoder('openai-chat', undefined, () => Promise.reject(new Error('chunk 404')));
    await expect(lazy.push({ event: 'message', data: '{}', id: '' })).rejects.toThrow('chunk 404');
  });

  it('still throws on an unknown explicit protocol', () => {
    expect(() => createDecoder('carrier-pigeon' as never, undefined, () => createAnthropicAdapter)).toThrow(/unknown protocol "carrier-pigeon"/);
  });
});
