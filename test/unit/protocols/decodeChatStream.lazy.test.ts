import { afterEach, describe, expect, it, vi } from 'vitest';

const lazyChunk = '../../../src/core/protocols/lazyProtocols';

function sseBody(text: string): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled };
}

const anthropicDelta =
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}\n\n';

describe('decodeChatStream: the adapters load on demand', () => {
  afterEach(() => {
    vi.doUnmock(lazyChunk);
    vi.resetModules();
  });

  it('a chunk that fails to load rejects with a retryable adapter_load_failed error, cancels the body, and the next decode loads it', async () => {
    vi.resetModules();
    vi.doMock(lazyChunk, () => {
      throw new Error('chunk gone');
    });
    const { decodeChatStream } = await import('../../../src/core/protocols/decodeChatStream');
    const first = sseBody(anthropicDelta);
    await expect(decodeChatStream(first.body, { protocol: 'anthropic' }).next()).rejects.toMatchObject({
      name: 'ChatwireError',
      code: 'adapter_load_failed',
      retryable: true,
      message: expect.stringContaining('Check that the app serves the lazy chunks'),
    });
    expect(first.cancelled()).toBe(true);

    vi.doUnmock(lazyChunk);
    const events = [];
    for await (const event of decodeChatStream(sseBody(anthropicDelta).body, { protocol: 'anthropic' })) events.push(event);
    expect(events).toEqual([{ type: 'text-delta', delta: 'hi' }]);
  });

  it('an unknown protocol is a TypeError at the call, naming what was passed', async () => {
    const { decodeChatStream } = await import('../../../src/core/protocols/decodeChatStream');
    expect(() => decodeChatStream(sseBody('').body, { protocol: 'smoke' as never })).toThrow(/decodeChatStream: unknown protocol "smoke"/);
  });
});
