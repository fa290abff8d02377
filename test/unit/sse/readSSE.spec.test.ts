import { readSSE } from '../../../src/core/sse/readSSE';
import { bodyOf, bytes, collect, collectAllSplits, msg } from './streams';

describe('readSSE: WHATWG event-stream interpretation', () => {
  it('splits lines on LF', async () => {
    expect(await collectAllSplits('data: a\ndata: b\n\ndata: c\n\n')).toEqual([msg('a\nb'), msg('c')]);
  });

  it('splits lines on CR', async () => {
    expect(await collectAllSplits('data: a\rdata: b\r\rdata: c\r\r')).toEqual([msg('a\nb'), msg('c')]);
  });

  it('splits lines on CRLF', async () => {
    expect(await collectAllSplits('data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n')).toEqual([msg('a\nb'), msg('c')]);
  });

  it('treats a CRLF split across chunks as one line end', async () => {
    // Were the CR and the LF two line ends, "a" would be dispatched alone.
    expect(await collect(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([msg('a\nb')]);
  });

  it('after a CRLF cut between its bytes, a LF in the next chunk is a line end of its own', async () => {
    // The LF that completes the CRLF is dropped once, not every LF that follows it.
    expect(await collect(['data: a\r', '\n', '\ndata: b\n\n'])).toEqual([msg('a'), msg('b')]);
    expect(await collectAllSplits('data: a\r\n\ndata: b\r\n\r\n')).toEqual([msg('a'), msg('b')]);
  });

  it('dispatches on a CR that ends a chunk without waiting for the next chunk', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls === 1) controller.enqueue(bytes('data: a\r\r'));
        else if (pulls === 2) controller.enqueue(bytes('\ndata: b\r\r'));
        else controller.close();
      },
    });
    const it = readSSE(body);
    expect((await it.next()).value).toEqual(msg('a'));
    // The first message came from the first chunk alone (at most one chunk read ahead).
    expect(pulls).toBeLessThanOrEqual(2);
    expect((await it.next()).value).toEqual(msg('b'));
    expect((await it.next()).done).toBe(true);
  });

  it('handles mixed line ends in one stream (format-newlines)', async () => {
    expect(await collectAllSplits('data:test\r\ndata\ndata:test\r\n\r')).toEqual([msg('test\n\ntest')]);
  });

  it('strips one leading BOM (format-bom)', async () => {
    expect(await collectAllSplits('\uFEFFdata:1\n\ndata:2\n\n')).toEqual([msg('1'), msg('2')]);
  });

  it('strips only one BOM: a second makes the first line an unknown field (format-bom-2)', async () => {
    expect(await collectAllSplits('\uFEFF\uFEFFdata:1\n\ndata:2\n\n')).toEqual([msg('2')]);
  });

  it('does not mistake the text "ï»¿" for a BOM', async () => {
    expect(await collect(['ï»¿data:1\n\ndata:2\n\n'])).toEqual([msg('2')]);
  });

  it('ignores a BOM that is not at the very start', async () => {
    expect(await collect(['data:1\n\n', '\uFEFFdata:2\n\ndata:3\n\n'])).toEqual([msg('1'), msg('3')]);
  });

  it('ignores comment lines and reports them to onComment (format-comments)', async () => {
    const long = 'x'.repeat(2048);
    const comments: string[] = [];
    const input = `data:1\r:\0\n:\r\ndata:2\n:${long}\rdata:3\n:data:fail\r:${long}\ndata:4\n\n`;
    const out = await collectAllSplits(input);
    expect(out).toEqual([msg('1\n2\n3\n4')]);
    await collect([input], { onComment: (c) => comments.push(c) });
    expect(comments).toEqual(['\0', '', long, 'data:fail', long]);
  });

  it('reports a heartbeat comment with one leading space removed', async () => {
    const comments: string[] = [];
    await collect([': ping\n\n:  two\n\n'], { onComment: (c) => comments.push(c) });
    expect(comments).toEqual(['ping', ' two']);
  });

  it('treats a line without colon as a field with an empty value', async () => {
    expect(await collectAllSplits('data\n\nevent\ndata:x\n\n')).toEqual([msg(''), msg('x')]);
  });

  it('strips exactly one leading space from values (format-leading-space)', async () => {
    expect(await collectAllSplits('data:  two\n\ndata:\ttab\n\nevent:  e\ndata: x\n\n')).toEqual([
      msg(' two'),
      msg('\ttab'),
      msg('x', ' e'),
    ]);
  });

  it('joins multi-line data with LF and keeps empty data lines (format-field-data)', async () => {
    expect(await collectAllSplits('data:\n\ndata\ndata\n\ndata:test\n\n')).toEqual([msg(''), msg('\n'), msg('test')]);
  });

  it('names the event from the event field and resets it after dispatch (format-field-event)', async () => {
    expect(await collectAllSplits('event:test\ndata:x\n\ndata:x\n\n')).toEqual([msg('x', 'test'), msg('x')]);
  });

  it('uses "message" for an empty event field (format-field-event-empty)', async () => {
    expect(await collectAllSplits('event: \ndata:data\n\n')).toEqual([msg('data')]);
  });

  it('resets the event name after a block without data', async () => {
    expect(await collectAllSplits('event: x\n\ndata: y\n\n')).toEqual([msg('y')]);
  });

  it('keeps the last event ID across events (format-field-id)', async () => {
    expect(await collectAllSplits('id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n')).toEqual([
      msg('a', 'message', '1'),
      msg('b', 'message', '1'),
      msg('c', 'message', '2'),
    ]);
  });

  it('resets the last event ID with an empty id field, with or without colon (format-field-id-2)', async () => {
    expect(await collectAllSplits('id: 1\ndata: a\n\nid\ndata: b\n\nid: 3\ndata: c\n\nid:\ndata: d\n\n')).toEqual([
      msg('a', 'message', '1'),
      msg('b', 'message', ''),
      msg('c', 'message', '3'),
      msg('d', 'message', ''),
    ]);
  });

  it('ignores an id containing NUL (format-field-id-null)', async () => {
    expect(await collectAllSplits('id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n')).toEqual([
      msg('a', 'message', '1'),
      msg('b', 'message', '1'),
    ]);
  });

  it('starts from options.lastEventId and exposes the current one', async () => {
    const it = readSSE(bodyOf(['data: a\n\nid: 9\ndata: b\n\n']), { lastEventId: '4' });
    expect(it.lastEventId).toBe('4');
    const out = [];
    for await (const m of it) out.push(m);
    expect(out).toEqual([msg('a', 'message', '4'), msg('b', 'message', '9')]);
    expect(it.lastEventId).toBe('9');
  });

  it('reports a retry of ASCII digits and attaches it to the next message (format-field-retry)', async () => {
    const retries: number[] = [];
    const out = await collect(['retry:3000\ndata:x\n\ndata:y\n\n'], { onRetry: (ms) => retries.push(ms) });
    expect(retries).toEqual([3000]);
    expect(out).toEqual([{ ...msg('x'), retry: 3000 }, msg('y')]);
  });

  it('ignores a bogus retry (format-field-retry-bogus)', async () => {
    const retries: number[] = [];
    const input = 'retry:3000\u0020\nretry: 1.5\nretry: -1\nretry: 1e3\nretry: \u0661\u0662\ndata:x\n\n';
    const out = await collect([input], { onRetry: (ms) => retries.push(ms) });
    expect(retries).toEqual([]);
    expect(out).toEqual([msg('x')]);
  });

  it('ignores an empty retry (format-field-retry-empty)', async () => {
    const retries: number[] = [];
    expect(await collect(['retry\ndata:test\n\n'], { onRetry: (ms) => retries.push(ms) })).toEqual([msg('test')]);
    expect(retries).toEqual([]);
  });

  it('reports a retry-only block without dispatching anything', async () => {
    const retries: number[] = [];
    expect(await collect(['retry: 250\n\n'], { onRetry: (ms) => retries.push(ms) })).toEqual([]);
    expect(retries).toEqual([250]);
  });

  it('ignores unknown fields (format-field-unknown)', async () => {
    const input = 'data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test\n\n';
    expect(await collectAllSplits(input)).toEqual([msg('test\n\ntest')]);
  });

  it('parses fields exactly: case, NUL and stray characters (format-field-parsing)', async () => {
    const input =
      'data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n\n';
    expect(await collectAllSplits(input)).toEqual([msg('\0\n 2\n1\n3\n\n4')]);
  });

  it('keeps a NUL character in data (format-null-character)', async () => {
    expect(await collectAllSplits('data:\0\n\n')).toEqual([msg('\0')]);
  });

  it('discards an unterminated last block (format-data-before-final-empty-line)', async () => {
    const it = readSSE(bodyOf(['retry:1000\ndata:test1\n\nid:test\ndata:test2']));
    const out = [];
    for await (const m of it) out.push(m);
    expect(out).toEqual([{ ...msg('test1'), retry: 1000 }]);
    // the id of the discarded block never became the last event ID
    expect(it.lastEventId).toBe('');
  });

  it('discards a last block ended by a single line end', async () => {
    expect(await collectAllSplits('data: a\n\ndata: b\n')).toEqual([msg('a')]);
  });

  it('does not dispatch a block without data', async () => {
    expect(await collectAllSplits('event: x\nid: 5\n\n: c\n\n\n\n')).toEqual([]);
  });

  it('decodes UTF-8 split across chunks once and correctly (format-utf-8)', async () => {
    expect(await collectAllSplits('data: ok…日本語🎉\n\n')).toEqual([msg('ok…日本語🎉')]);
  });

  it('replaces invalid UTF-8 with U+FFFD', async () => {
    const input = new Uint8Array([...bytes('data: a'), 0xff, 0xc3, ...bytes('\n\n')]);
    expect(await collect([input])).toEqual([msg('a\uFFFD\uFFFD')]);
  });
});

describe('readSSE: lastEventId getter', () => {
  it('follows the messages delivered, not the ones parsed ahead', async () => {
    const it = readSSE(bodyOf(['id: 1\ndata: a\n\nid: 2\ndata: b\n\n', 'id: 3\ndata: c\n\n']), { lastEventId: '0' });
    expect(it.lastEventId).toBe('0');
    await it.next();
    expect(it.lastEventId).toBe('1');
    await it.next();
    expect(it.lastEventId).toBe('2');
    await it.next();
    expect(it.lastEventId).toBe('3');
    expect((await it.next()).done).toBe(true);
    expect(it.lastEventId).toBe('3');
  });
});
