import fc from 'fast-check';
import { decodeChatStream } from '../../../src/core/protocols/index';
import { collect, loadProtocolFixtures, streamOf, trickyCuts } from './protocolFixtures';

const fixtures = loadProtocolFixtures();

describe('any split of the bytes yields the same events', () => {
  it('has multi-byte characters and CRLF pairs to split inside', () => {
    const tricky = fixtures.flatMap((f) => trickyCuts(f.bytes).map((i) => f.bytes[i]));
    expect(tricky).toContain(0x0a); // a LF right after a CR
    expect(tricky.some((b) => b !== undefined && (b & 0xc0) === 0x80)).toBe(true);
  });

  describe.each(fixtures)('$label', (fixture) => {
    const length = fixture.bytes.length;
    const tricky = trickyCuts(fixture.bytes);
    const cut = tricky.length > 0 ? fc.oneof(fc.integer({ min: 1, max: length - 1 }), fc.constantFrom(...tricky)) : fc.integer({ min: 1, max: length - 1 });

    it('random chunkings, biased to cuts inside characters and CRLF pairs', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(cut, { maxLength: 48 }), async (cuts) => {
          const events = await collect(decodeChatStream(streamOf(fixture.bytes, cuts), { protocol: fixture.protocol }));
          expect(events).toStrictEqual(fixture.expected);
        }),
        { numRuns: 60 },
      );
    });

    it('one byte per chunk, with protocol auto', async () => {
      const everyByte = Array.from({ length: length - 1 }, (_, i) => i + 1);
      const headers = { 'content-type': fixture.label.endsWith('.txt') ? 'text/plain' : 'text/event-stream' };
      const events = await collect(decodeChatStream(streamOf(fixture.bytes, everyByte), { protocol: 'auto', headers }));
      expect(events).toStrictEqual(fixture.expected);
    });
  });
});
