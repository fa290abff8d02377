/**
 * One handler process with the Redis store carrying many real streams (issue 10, Scale):
 * STREAMS concurrent generations at 50 tokens/s each, every one watched by its starter and
 * FOLLOWERS `?follow=1` connections, all over node:http from this process (the handler runs
 * in a child process, bench/scale/scaleServer.ts, so its RSS is its own).
 * Prints: delivery latency to the followers (token written by the model -> event parsed
 * here) p50 / p99 / max, events delivered per second, the handler's peak RSS, and lost or
 * duplicated events (must be 0: every connection gets seqs 1..N exactly once).
 * Run: npm run bench -- chatScale   (STREAMS=200 npm run bench -- chatScale for a smaller run)
 */
import { spawn } from 'node:child_process';
import { request, type IncomingMessage } from 'node:http';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { startRedis } from '../test/support/redis';

const STREAMS = Number(process.env.STREAMS ?? 1000);
const FOLLOWERS = 2;
const TOKENS_PER_SECOND = 50;
const TOKENS = Number(process.env.TOKENS ?? 500); // 10 s per stream
/** Longest run before the figures are printed anyway (and the bench fails). */
const DEADLINE_S = Number(process.env.DEADLINE_S ?? 300);
const now = (): number => performance.timeOrigin + performance.now();

interface Connection {
  lastId: number;
  lost: number;
  duplicated: number;
  done: boolean;
  /** Codes of `error` events outside the log (a stream ended by a store error). */
  errors: string[];
  response?: IncomingMessage;
}

const latencies: number[] = [];
let measureFrom = Infinity;
let delivered = 0;

/** Reads an SSE response: checks every id is the previous + 1, samples latency from the deltas' timestamps. */
function consume(response: IncomingMessage, connection: Connection, sample: boolean, onDone: () => void): void {
  connection.response = response;
  response.setEncoding('utf8');
  let buffer = '';
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (frame.startsWith(':')) continue;
      if (frame.startsWith('id: \n') && frame.includes('\nevent: error\n')) {
        // Not part of the log (empty id): the stream ended with a store error.
        connection.errors.push(/"code":"(\w+)"/.exec(frame)?.[1] ?? 'error');
        continue;
      }
      const idAt = frame.indexOf('id: ');
      if (idAt < 0) continue;
      const id = Number(frame.slice(idAt + 4, frame.indexOf('\n', idAt)));
      if (id <= connection.lastId) connection.duplicated++;
      else if (id > connection.lastId + 1) connection.lost += id - connection.lastId - 1;
      connection.lastId = Math.max(connection.lastId, id);
      delivered++;
      if (frame.includes('event: text-delta')) {
        if (sample) {
          const at = frame.indexOf('"delta":"') + 9;
          const written = Number(frame.slice(at, frame.indexOf(' ', at)));
          if (written >= measureFrom) latencies.push(now() - written);
        }
      } else if (frame.includes('event: done')) {
        connection.done = true;
        onDone();
      }
    }
  });
}

let retried = 0;

/** A request; a 503 or 429 is retried after its Retry-After, as a client would (at most 10 times). */
async function open(port: number, path: string, user: string, body?: string): Promise<IncomingMessage> {
  for (let attempt = 0; ; attempt++) {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent: false, headers: { 'x-user': user, ...(body ? { 'content-type': 'application/json' } : {}) } },
        resolve,
      );
      req.on('error', reject);
      req.end(body);
    });
    if ((response.statusCode !== 503 && response.statusCode !== 429) || attempt >= 10) return response;
    response.resume();
    retried++;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers['retry-after'] ?? 1) * 1000));
  }
}

const redis = await startRedis();
const server = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', 'bench/scale/scaleServer.ts'], {
  env: { ...process.env, REDIS_URL: redis.url, TOKENS: String(TOKENS), TOKENS_PER_SECOND: String(TOKENS_PER_SECOND) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let peakRss = 0;
let rssAtStart = 0;
const port = await new Promise<number>((resolve, reject) => {
  server.once('exit', (code) => reject(new Error(`the handler process exited with ${String(code)}`)));
  createInterface({ input: server.stdout! }).on('line', (line) => {
    if (line.startsWith('PORT ')) resolve(Number(line.slice(5)));
    else if (line.startsWith('RSS ')) {
      const rss = Number(line.slice(4));
      rssAtStart ||= rss;
      peakRss = Math.max(peakRss, rss);
    }
  });
});

try {
  const load = loadavg()[0]!;
  const starters: Connection[] = [];
  const followers: Connection[] = [];
  let finished = 0;
  const allDone = new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (++finished === STREAMS * (1 + FOLLOWERS)) resolve();
    };
    const t0 = now();
    void (async () => {
      // Start every stream (in waves of 100), then attach the followers.
      const ids: string[] = [];
      for (let wave = 0; wave < STREAMS; wave += 100) {
        const responses = await Promise.all(
          Array.from({ length: Math.min(100, STREAMS - wave) }, (_, i) => open(port, '/api/chat', `u${wave + i}`, JSON.stringify({ message: { text: 'go' } }))),
        );
        for (const response of responses) {
          if (response.statusCode !== 200) throw new Error(`start answered ${response.statusCode}`);
          const connection: Connection = { lastId: 0, lost: 0, duplicated: 0, done: false, errors: [] };
          starters.push(connection);
          consume(response, connection, false, check);
          ids.push(response.headers['x-chatwire-conversation-id'] as string);
        }
      }
      const startedIn = now() - t0;
      for (let wave = 0; wave < STREAMS; wave += 100) {
        await Promise.all(
          ids.slice(wave, wave + 100).flatMap((id, i) =>
            Array.from({ length: FOLLOWERS }, async () => {
              const response = await open(port, `/api/chat/${id}/stream?follow=1`, `u${wave + i}`);
              if (response.statusCode !== 200) throw new Error(`follow answered ${response.statusCode}`);
              const connection: Connection = { lastId: 0, lost: 0, duplicated: 0, done: false, errors: [] };
              followers.push(connection);
              consume(response, connection, true, () => {
                check();
                connection.response?.destroy(); // a follower stays open: close it at done
              });
            }),
          ),
        );
      }
      measureFrom = now() + 1000; // steady state: a second after the last follower attached
      console.log(`${STREAMS} streams started in ${(startedIn / 1000).toFixed(1)} s, ${followers.length} followers attached ${((now() - t0 - startedIn) / 1000).toFixed(1)} s later`);
    })().catch(reject);
  });
  const startedAt = now();
  const deliveredBefore = delivered;
  // Bounded: a saturated process still reports what it did within DEADLINE_S.
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const timedOut = await Promise.race([
    allDone.then(() => false),
    new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(true), DEADLINE_S * 1000))),
  ]);
  clearTimeout(deadline);
  const seconds = (now() - startedAt) / 1000;

  const all = [...starters, ...followers];
  const lost = all.reduce((n, c) => n + c.lost, 0);
  const duplicated = all.reduce((n, c) => n + c.duplicated, 0);
  const short = followers.filter((c, i) => c.lastId !== starters[Math.floor(i / FOLLOWERS)]?.lastId).length;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
  const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(`\n${STREAMS} streams x ${TOKENS_PER_SECOND} tokens/s x ${TOKENS} tokens, ${FOLLOWERS} followers each, one handler process, Redis store (load average ${load.toFixed(1)} before the run)\n`);
  const rows: [string, string][] = [
    ['delivery latency to followers p50, ms', fmt(at(0.5))],
    ['delivery latency p99, ms (goal <= 50)', fmt(at(0.99))],
    ['delivery latency max, ms', fmt(at(1))],
    ['latency samples', latencies.length.toLocaleString('en-US')],
    ['events delivered, per s (all connections)', fmt((delivered - deliveredBefore) / seconds, 0)],
    ['events appended, per s', fmt((STREAMS * (TOKENS + 3)) / seconds, 0)],
    ['handler RSS at start / peak, MB', `${fmt(rssAtStart / 1e6, 0)} / ${fmt(peakRss / 1e6, 0)}`],
    ['requests retried after 503/429 (Retry-After)', String(retried)],
    ['lost / duplicated events', `${lost} / ${duplicated}`],
    ['followers that did not get every event', String(short)],
    ['streams ended by a store error', String(all.filter((c) => c.errors.length > 0).length)],
    ['connections without done at the deadline', String(STREAMS * (1 + FOLLOWERS) - all.filter((c) => c.done).length)],
    ['wall time, s', fmt(seconds)],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(46)}${value.padStart(16)}`);
  if (timedOut) throw new Error(`the streams did not all end within ${DEADLINE_S} s (the handler process could not keep up)`);
  if (lost + duplicated + short > 0) throw new Error('events were lost or duplicated');
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await redis.stop();
}
