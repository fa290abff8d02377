import { isChatwireError } from '../../../src/core/errors';
import { connectSSE } from '../../../src/core/sse/connectSSE';
import type { ReconnectInfo } from '../../../src/core/sse/ConnectSSEOptions';
import { event, FakeClock, sseHead, startServer, until, type TestServer } from './support';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Lets pending promise continuations run (no I/O involved). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('connectSSE: idle timeout', () => {
  it('treats a silent connection as dead after idleTimeoutMs and resumes with Last-Event-ID', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      if (server!.requests.length === 1) res.write(event(1, 'a')); // then silence
      else res.end(event(2, '{}', 'done'));
    });
    const clock = new FakeClock();
    const reconnects: ReconnectInfo[] = [];
    const stream = connectSSE({
      url: server.url,
      timers: clock,
      backoff: { jitter: 'none' },
      onReconnecting: (i) => reconnects.push(i),
    });
    expect((await stream.next()).value).toMatchObject({ data: 'a', id: '1' });
    const second = stream.next();
    await settle();
    clock.advance(44_999);
    await settle();
    expect(reconnects).toHaveLength(0);
    clock.advance(1);
    await until(() => reconnects.length === 1, 'the reconnect');
    expect(isChatwireError(reconnects[0]?.error) && (reconnects[0]?.error as { code: string }).code).toBe('idle_timeout');
    await server.requests[0]?.closed; // the dead connection was really closed
    clock.advance(1000);
    expect((await second).value).toMatchObject({ event: 'done', id: '2' });
    expect((await stream.next()).done).toBe(true);
    expect(server.requests[1]?.headers['last-event-id']).toBe('1');
  });

  it('stays connected while heartbeat comments arrive', async () => {
    const writes: (() => void)[] = [];
    server = await startServer((_req, res) => {
      sseHead(res);
      res.write(event(1, 'a'));
      writes.push(() => res.write(': ping\n\n'));
      writes.push(() => res.write(': ping\n\n'));
      writes.push(() => res.end(event(2, '{}', 'done')));
    });
    const clock = new FakeClock();
    let comments = 0;
    const reconnects: ReconnectInfo[] = [];
    const stream = connectSSE({
      url: server.url,
      timers: clock,
      idleTimeoutMs: 45_000,
      onComment: () => comments++,
      onReconnecting: (i) => reconnects.push(i),
    });
    expect((await stream.next()).value).toMatchObject({ data: 'a' });
    const last = stream.next();
    for (let i = 0; i < 2; i++) {
      await settle();
      clock.advance(40_000); // 80 s in all: only heartbeats keep the connection alive
      writes.shift()?.();
      await until(() => comments === i + 1, `heartbeat ${i + 1}`);
    }
    clock.advance(40_000);
    writes.shift()?.();
    expect((await last).value).toMatchObject({ event: 'done' });
    expect(reconnects).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('does not count the time the consumer spends on a message as idle', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      res.write(event(1, 'a'));
      setTimeout(() => res.end(event(2, '{}', 'done')), 30);
    });
    const clock = new FakeClock();
    const reconnects: ReconnectInfo[] = [];
    const stream = connectSSE({ url: server.url, timers: clock, onReconnecting: (i) => reconnects.push(i) });
    expect((await stream.next()).value).toMatchObject({ data: 'a' });
    clock.advance(100_000); // the consumer holds the message for 100 s
    await new Promise((r) => setTimeout(r, 60));
    expect((await stream.next()).value).toMatchObject({ event: 'done' });
    expect(reconnects).toHaveLength(0);
  });
});

describe('connectSSE: abort', () => {
  it('during connect: ends quietly, sends nothing more, closes the socket', async () => {
    server = await startServer(() => undefined); // never answers
    const controller = new AbortController();
    const clock = new FakeClock();
    const out: unknown[] = [];
    const done = (async () => {
      for await (const m of connectSSE({ url: server!.url, method: 'POST', signal: controller.signal, timers: clock }))
        out.push(m);
    })();
    await until(() => server!.requests.length === 1, 'the request');
    controller.abort();
    await expect(done).resolves.toBeUndefined();
    await server.requests[0]?.closed;
    clock.advance(120_000);
    await settle();
    expect(out).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('during read: ends quietly and the server sees the socket closed', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      res.write(event(1, 'a'));
    });
    const controller = new AbortController();
    const clock = new FakeClock();
    const out: string[] = [];
    const stream = connectSSE({ url: server.url, signal: controller.signal, timers: clock });
    const done = (async () => {
      for await (const m of stream) out.push(m.data);
    })();
    await until(() => out.length === 1, 'the first message');
    controller.abort();
    await expect(done).resolves.toBeUndefined();
    await server.requests[0]?.closed;
    clock.advance(120_000);
    await settle();
    expect(out).toEqual(['a']);
    expect(server.requests).toHaveLength(1);
    expect(stream.lastEventId).toBe('1');
  });

  it('during the backoff wait: ends quietly, no further request', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      res.end(event(1, 'a')); // early close
    });
    const controller = new AbortController();
    const clock = new FakeClock();
    const out: string[] = [];
    const done = (async () => {
      for await (const m of connectSSE({
        url: server!.url,
        signal: controller.signal,
        timers: clock,
        onReconnecting: () => setImmediate(() => controller.abort()),
      }))
        out.push(m.data);
    })();
    await expect(done).resolves.toBeUndefined();
    clock.advance(120_000);
    await settle();
    expect(out).toEqual(['a']);
    expect(server.requests).toHaveLength(1);
  });

  it('with close() and with break: ends quietly and closes the socket', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      res.write(event(1, 'a'));
    });
    const clock = new FakeClock();
    const stream = connectSSE({ url: server.url, timers: clock });
    expect((await stream.next()).value).toMatchObject({ data: 'a' });
    stream.close();
    expect((await stream.next()).done).toBe(true);
    await server.requests[0]?.closed;

    for await (const m of connectSSE({ url: server.url, timers: clock })) {
      expect(m.data).toBe('a');
      break;
    }
    await server.requests[1]?.closed;
    expect(server.requests).toHaveLength(2);
  });

  it('with a signal aborted before the start: sends no request', async () => {
    server = await startServer(() => undefined);
    const out: unknown[] = [];
    for await (const m of connectSSE({ url: server.url, signal: AbortSignal.abort() })) out.push(m);
    expect(out).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('connectSSE: idle while connecting', () => {
  it('gives up on a POST whose response never starts, with idle_timeout and no re-send', async () => {
    server = await startServer(() => undefined); // headers never come
    const clock = new FakeClock();
    const stream = connectSSE({ url: server.url, method: 'POST', body: {}, timers: clock, idleTimeoutMs: 10_000 });
    const result = stream.next().then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await until(() => server!.requests.length === 1, 'the request');
    clock.advance(10_000);
    const error = await result;
    expect(isChatwireError(error) && error.code).toBe('idle_timeout');
    expect((error as Error).message).toContain('10000 ms');
    await server.requests[0]?.closed;
    expect(server.requests).toHaveLength(1);
  });
});

describe('connectSSE: server retry over HTTP', () => {
  it('waits the retry: the server sent before reconnecting', async () => {
    server = await startServer((_req, res) => {
      sseHead(res);
      if (server!.requests.length === 1) res.end('retry: 5000\n\n' + event(1, 'a'));
      else res.end(event(2, '{}', 'done'));
    });
    const clock = new FakeClock();
    const delays: number[] = [];
    const stream = connectSSE({
      url: server.url,
      timers: clock,
      backoff: { jitter: 'none' },
      onReconnecting: (i) => delays.push(i.delayMs),
    });
    expect((await stream.next()).value).toMatchObject({ data: 'a', retry: 5000 });
    const next = stream.next();
    await until(() => delays.length === 1, 'the reconnect');
    expect(delays).toEqual([5000]);
    clock.advance(4_999);
    expect(clock.pendingDelays).toEqual([1]); // still waiting: the backoff timer alone
    clock.advance(1);
    expect((await next).value).toMatchObject({ event: 'done' });
    expect(server.requests).toHaveLength(2);
  });
});
