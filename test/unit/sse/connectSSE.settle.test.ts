import type { ServerResponse } from 'node:http';
import { connectSSE } from '../../../src/core/sse/connectSSE';
import { event, FakeClock, sseHead, startServer, until, type TestServer } from './support';

/**
 * A caller that stops reading right after the terminal message (the session does, on `done`)
 * must not abort the request while the server is still closing it: the browser would log a
 * cancelled request (net::ERR_ABORTED) for every answer. The rest of the response is read until
 * the server ends it, bounded in time.
 */
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Whether the server finished writing the response before its connection closed (false: the client aborted it). */
function finishedBeforeClose(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => res.on('close', () => resolve(res.writableFinished)));
}

describe('connectSSE: the end of a stream after its terminal message', () => {
  it('a caller that stops at done leaves the request to end as the server closes it', async () => {
    let outcome: Promise<boolean> | undefined;
    server = await startServer((_req, res) => {
      sseHead(res);
      outcome = finishedBeforeClose(res);
      res.write(event(1, '{"delta":"hi"}', 'text-delta'));
      res.write(event(2, '{}', 'done'));
      setTimeout(() => res.end(': bye\n\n'), 150); // the server closes a little after done
    });
    const seen: string[] = [];
    for await (const message of connectSSE({ url: server.url })) {
      seen.push(message.event);
      if (message.event === 'done') break;
    }
    expect(seen).toEqual(['text-delta', 'done']);
    await until(() => outcome !== undefined, 'the request');
    expect(await outcome).toBe(true);
  });

  it('a server that keeps the response open after done is released after the settle time', async () => {
    let outcome: Promise<boolean> | undefined;
    server = await startServer((_req, res) => {
      sseHead(res);
      outcome = finishedBeforeClose(res);
      res.write(event(1, '{}', 'done')); // and never ends
    });
    const clock = new FakeClock();
    const stream = connectSSE({ url: server.url, timers: clock });
    for await (const message of stream) if (message.event === 'done') break;
    await until(() => clock.pendingDelays.includes(5000), 'the settle timer');
    clock.advance(5000);
    await until(() => outcome !== undefined, 'the request');
    expect(await outcome).toBe(false);
    expect(clock.pendingDelays).toEqual([]);
  });

  it('close() during the settle time aborts at once, and a caller that stops before done aborts at once', async () => {
    const outcomes: Array<Promise<boolean>> = [];
    server = await startServer((_req, res) => {
      sseHead(res);
      outcomes.push(finishedBeforeClose(res));
      res.write(event(1, '{"delta":"a"}', 'text-delta'));
      if (outcomes.length === 1) res.write(event(2, '{}', 'done'));
    });
    const first = connectSSE({ url: server.url });
    for await (const message of first) if (message.event === 'done') break;
    first.close();
    const second = connectSSE({ url: server.url });
    for await (const message of second) if (message.event === 'text-delta') break;
    await until(() => outcomes.length === 2, 'both requests');
    expect(await Promise.all(outcomes)).toEqual([false, false]);
  });
});
