import fc from 'fast-check';
import { isChatwireError } from '../../../src/core/errors';
import { readLines } from '../../../src/core/sse/readLines';
import { bodyOf, bytes, splits } from './streams';

async function lines(chunks: readonly (string | Uint8Array)[], maxLineSize?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLines(bodyOf(chunks), maxLineSize === undefined ? {} : { maxLineSize })) out.push(l);
  return out;
}

describe('readLines', () => {
  it('splits on LF, CR and CRLF, skipping empty lines', async () => {
    expect(await lines(['0:"a"\n1:"b"\r2:"c"\r\n\n\r\n3:"d"\n'])).toEqual(['0:"a"', '1:"b"', '2:"c"', '3:"d"']);
  });

  it('gives the same lines at every split point, CRLF and UTF-8 included', async () => {
    const input = bytes('\uFEFF0:"héllo 🎉"\r\n0:"日本"\r\rd:{"finishReason":"stop"}\r\n');
    const expected = ['0:"héllo 🎉"', '0:"日本"', 'd:{"finishReason":"stop"}'];
    expect(await lines([input])).toEqual(expected);
    for (const parts of splits(input)) expect(await lines(parts)).toEqual(expected);
  });

  it('gives the lines of any text, in any chunking, with any line ends', async () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'é', '🙂', ':', '"', ' '), maxLength: 30 });
    const lineEnd = fc.constantFrom('\n', '\r', '\r\n', '\n\n', '\r\r\n');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(line, lineEnd), { maxLength: 15 }), fc.array(fc.nat(), { maxLength: 12 }), async (pairs, cuts) => {
        const data = bytes(pairs.map(([text, end]) => text + end).join(''));
        const bounds = [...new Set([0, ...cuts.map((c) => c % (data.length + 1)), data.length])].sort((a, b) => a - b);
        const chunks = bounds.slice(1).map((to, i) => data.slice(bounds[i], to));
        expect(await lines(chunks)).toEqual(pairs.map(([text]) => text).filter((text) => text !== ''));
      }),
      { numRuns: 150 },
    );
  });

  it('yields a last line that has no line end', async () => {
    expect(await lines(['a\nb'])).toEqual(['a', 'b']);
  });

  it('throws event_too_large for a line past maxLineSize, complete or not', async () => {
    for (const chunks of [['x'.repeat(50), 'x'.repeat(60)], [`${'x'.repeat(120)}\nok\n`]]) {
      let error: unknown;
      try {
        await lines(chunks, 100);
      } catch (e) {
        error = e;
      }
      expect(isChatwireError(error) && error.code).toBe('event_too_large');
      expect((error as Error).message).toContain('100 bytes');
    }
    expect(await lines(['x'.repeat(100), '\n'], 100)).toEqual(['x'.repeat(100)]);
  });

  it('ends quietly on abort', async () => {
    const controller = new AbortController();
    const out: string[] = [];
    for await (const l of readLines(bodyOf(['a\n', 'b\n', 'c\n']), { signal: controller.signal })) {
      out.push(l);
      controller.abort();
    }
    expect(out).toEqual(['a']);
  });
});
