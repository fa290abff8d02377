/**
 * One handler process with the Redis store carrying many real streams (issue 10, Scale):
 * STREAMS concurrent generations at 50 tokens/s each, every one read live by its starter
 * and FOLLOWERS `?follow=1` connections opened right after the start.
 *
 * Three processes: the handler (bench/scale/scaleServer.ts, a child process: its CPU and
 * RSS are its own), redis-server, and this one, the load generator and every client
 * connection (over node:http). The figures are the handler's; the machine's cores are
 * shared by all three, so the CPU each used is printed too.
 *
 * Every stream is started and its followers attached first (the handler's model holds its
 * first token until then: starting is timed on its own), then all write at once, each at
 * its own phase. Latency is measured in that steady state, while all STREAMS generations
 * run: from a second after they began until the first one ends. Each token
 * carries the time the model wrote it (epoch ms); latency = parsed by a follower here -
 * written there. Prints p50 / p99 / max, appended and delivered events/s, the handler's
 * CPU per event, GC pauses and RSS, the event-loop delay of the handler and of the clients,
 * and lost or duplicated events (must be 0: every connection gets its seqs exactly once, in
 * order).
 *
 * The run is made four times, on a fresh redis-server each time: the handler on plain
 * `node`, then on `node` with the flags docs/server.md recommends for a busy server
 * ({@link RECOMMENDED_FLAGS}; `HANDLER_FLAGS` replaces them), then the bare writer
 * (bench/scale/bareServer.ts: `node:http` writing the same frames to the same connections,
 * nothing else: the floor of one process under this load), then the bare writer that
 * appends each event to Redis before writing it (the floor of a server that keeps a log),
 * and the columns are printed side by side.
 * Run: npm run bench -- chatScale   (STREAMS=200 npm run bench -- chatScale for a smaller run;
 * RUNS=plain, flags, bare or bare-redis, or a comma-separated list, for some of them)
 */
import { spawn } from 'node:child_process';
import { request, type IncomingMessage } from 'node:http';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { startRedis } from '../test/support/redis';

const STREAMS = Number(process.env.STREAMS ?? 1000);
const FOLLOWERS = 2;
const TOKENS_PER_SECOND = 50;
/** 20 s per stream. */
const TOKENS = Number(process.env.TOKENS ?? 1000);
/** Starts in flight at once (each followed at once by its followers). */
const START_CONCURRENCY = 50;
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
/** The steady-state window (epoch ms of the model's write): every stream running, every follower attached. */
let steadyFrom = Infinity;
let steadyUntil = Infinity;
/** Text deltas the starters received that were written inside the window (= appended in it). */
let steadyAppended = 0;
let delivered = 0;

/** Reads an SSE response: checks every id is the previous + 1, samples latency from the deltas' timestamps. */
function consume(response: IncomingMessage, connection: Connection, follower: boolean, onDone: () => void): void {
  connection.response = response;
  response.setEncoding('utf8');
  let buffer = '';
  response.on('data', (chunk: string) => {
    const received = now();
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
        const at = frame.indexOf('"delta":"') + 9;
        const written = Number(frame.slice(at, frame.indexOf(' ', at)));
        if (written >= steadyFrom && written < steadyUntil) {
          if (follower) latencies.push(received - written);
          else steadyAppended++;
        }
      } else if (frame.includes('event: done')) {
        steadyUntil = Math.min(steadyUntil, received);
        connection.done = true;
        onDone();
      }
    }
  });
}

let retried = 0;

/** Clears what the connections counted (before each run). */
function resetCounters(): void {
  latencies.length = 0;
  steadyFrom = Infinity;
  steadyUntil = Infinity;
  steadyAppended = 0;
  delivered = 0;
  retried = 0;
}

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

/** Commands redis-server has run (its INFO stats), so far. */
async function redisCommands(redis: Redis): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1] ?? 0);
}

/** CPU seconds redis-server has used (its INFO cpu section). */
async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
}

/** PROF=cpu (or 1) / heap / gc: the handler writes a CPU profile / a sampling heap profile to /tmp/prof, or traces its GCs to stderr. */
const PROFILES: Record<string, string[]> = { heap: ['--heap-prof', '--heap-prof-dir=/tmp/prof'], gc: ['--trace-gc'] };
const profile = process.env.PROF ? (PROFILES[process.env.PROF] ?? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']) : [];

/** What one run measured: its rows (name, value), and why it failed (if it did). */
interface RunResult {
  rows: [string, string][];
  failure?: string;
}

/** One run of the whole scenario with the handler on `node <handlerFlags>`, on its own redis-server. */
// Over 80 lines: one run from the processes' start to the figures, its steps sharing the connections and the samples.
async function run(handlerFlags: string[], script = 'bench/scale/scaleServer.ts', extraEnv: Record<string, string> = {}): Promise<RunResult> {
  resetCounters();
  const redis = await startRedis();
  const probe = new Redis(redis.url);
  const server = spawn(process.execPath, [...profile, ...handlerFlags, '--import', 'tsx', script], {
    env: { ...process.env, ...extraEnv, REDIS_URL: redis.url, TOKENS: String(TOKENS), TOKENS_PER_SECOND: String(TOKENS_PER_SECOND) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let peakRss = 0;
  let rssAtStart = 0;
  /** The handler's CPU use (µs, user + system; system alone) and GC pauses as last reported, and when. */
  const handlerCpu = { at: 0, micros: 0, system: 0, gcMs: 0, gcCount: 0 };
  /** The longest GC pause of the handler since GO, ms. */
  let gcMaxSinceGo = 0;
  /** The handler's event-loop delay from GO to the end of the steady state, ms. */
  let handlerLoop = { p99: NaN, max: NaN };
  /** This process's (the clients') event-loop delay over the same time. */
  const clientLoop = monitorEventLoopDelay({ resolution: 5 });
  let going = false;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`the handler process exited with ${String(code)}`)));
    createInterface({ input: server.stdout! }).on('line', (line) => {
      if (line.startsWith('PORT ')) resolve(Number(line.slice(5)));
      else if (!line.startsWith('STAT ')) process.stderr.write(`handler: ${line}\n`);
      else if (line.startsWith('STAT ')) {
        const [rss, cpu, system, gcMs, gcMax, gcCount, loopP99, loopMax] = line.slice(5).split(' ').map(Number) as [number, number, number, number, number, number, number, number];
        rssAtStart ||= rss;
        peakRss = Math.max(peakRss, rss);
        handlerCpu.at = now();
        handlerCpu.micros = cpu;
        handlerCpu.system = system;
        handlerCpu.gcMs = gcMs;
        handlerCpu.gcCount = gcCount;
        if (going) gcMaxSinceGo = Math.max(gcMaxSinceGo, gcMax);
        if (going && steadyUntil === Infinity) handlerLoop = { p99: loopP99, max: loopMax };
      }
    });
  });

  try {
    const load = loadavg()[0]!;
    const starters: Connection[] = [];
    const followers: Connection[] = [];
    let finished = 0;
    let startedIn = NaN;
    /** When the streams began writing (GO), the handler's CPU and the events delivered then. */
    const go = { at: NaN, cpu: 0, system: 0, gcMs: 0, gcCount: 0, delivered: 0, startCpu: 0 };
    /** CPU use of the three processes over the steady window. */
    const cpuAt: { handler: number; redis: number; client: number; t: number; commands: number; appended: number }[] = [];
    const sampleCpu = async (): Promise<void> => {
      const [redisSeconds, commands] = await Promise.all([redisCpu(probe), redisCommands(probe)]);
      cpuAt.push({ handler: handlerCpu.micros / 1e6, redis: redisSeconds, client: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6, t: now(), commands, appended: steadyAppended });
    };
    const allDone = new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (++finished === STREAMS * (1 + FOLLOWERS)) resolve();
      };
      const t0 = now();
      const cpuAtStart = handlerCpu.micros;
      void (async () => {
        // Each stream: start it, then attach its followers at once (they follow it live from its first tokens).
        let next = 0;
        const startOne = async (i: number): Promise<void> => {
          const user = `u${i}`;
          const response = await open(port, '/api/chat', user, JSON.stringify({ message: { text: 'go' } }));
          if (response.statusCode !== 200) throw new Error(`start answered ${response.statusCode}`);
          const starter: Connection = { lastId: 0, lost: 0, duplicated: 0, done: false, errors: [] };
          starters.push(starter);
          consume(response, starter, false, check);
          const id = response.headers['x-chatwire-conversation-id'] as string;
          await Promise.all(
            Array.from({ length: FOLLOWERS }, async () => {
              const followed = await open(port, `/api/chat/${id}/stream?follow=1`, user);
              if (followed.statusCode !== 200) throw new Error(`follow answered ${followed.statusCode}`);
              const connection: Connection = { lastId: 0, lost: 0, duplicated: 0, done: false, errors: [] };
              followers.push(connection);
              consume(followed, connection, true, () => {
                check();
                connection.response?.destroy(); // a follower stays open: close it at done
              });
            }),
          );
        };
        await Promise.all(
          Array.from({ length: START_CONCURRENCY }, async () => {
            while (next < STREAMS) await startOne(next++);
          }),
        );
        startedIn = now() - t0;
        server.stdin!.write('GO\n'); // every generation starts writing now
        go.at = now();
        go.cpu = handlerCpu.micros;
        go.system = handlerCpu.system;
        go.gcMs = handlerCpu.gcMs;
        go.gcCount = handlerCpu.gcCount;
        going = true;
        go.startCpu = handlerCpu.micros - cpuAtStart;
        go.delivered = delivered;
        clientLoop.reset();
        clientLoop.enable();
        steadyFrom = go.at + 1000;
        setTimeout(() => void sampleCpu(), 1000);
        console.log(`${STREAMS} streams started, each with ${FOLLOWERS} followers attached, in ${(startedIn / 1000).toFixed(1)} s`);
      })().catch(reject);
    });
    // Bounded: a saturated process still reports what it did within DEADLINE_S.
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const firstDone = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (steadyUntil < Infinity || finished === STREAMS * (1 + FOLLOWERS)) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    const lastSample = firstDone.then(() => {
      clientLoop.disable();
      return sampleCpu();
    });
    const timedOut = await Promise.race([
      allDone.then(() => false),
      new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(true), DEADLINE_S * 1000))),
    ]);
    clearTimeout(deadline);
    await lastSample;
    const seconds = (now() - go.at) / 1000;

    const all = [...starters, ...followers];
    const lost = all.reduce((n, c) => n + c.lost, 0);
    const duplicated = all.reduce((n, c) => n + c.duplicated, 0);
    const short = followers.filter((c) => !c.done).length;
    latencies.sort((a, b) => a - b);
    const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? NaN;
    const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    const window = (Math.min(steadyUntil, now()) - steadyFrom) / 1000;
    const [from, to] = cpuAt;
    const cpu = (key: 'handler' | 'redis' | 'client'): string => (from && to ? `${fmt((100 * (to[key] - from[key])) / ((to.t - from.t) / 1000), 0)}%` : 'n/a');
    const rows: [string, string][] = [
      ['steady state (all streams running), s', fmt(window)],
      ['delivery latency to followers p50, ms', fmt(at(0.5))],
      ['delivery latency p99, ms (goal <= 50)', fmt(at(0.99))],
      ['delivery latency max, ms', fmt(at(1))],
      ['latency samples (steady state)', latencies.length.toLocaleString('en-US')],
      ['events appended, per s (steady state)', window > 0 ? fmt(steadyAppended / window, 0) : 'n/a'],
      ['events appended, per s (GO to the last done)', fmt((STREAMS * (TOKENS + 1)) / seconds, 0)],
      ['events delivered, per s (all connections)', fmt((delivered - go.delivered) / seconds, 0)],
      ['time to start all streams + followers, s', `${fmt(startedIn / 1000)} (no tokens yet)`],
      ['handler CPU per start (with its followers), ms', fmt(go.startCpu / 1000 / STREAMS, 2)],
      ['CPU of one core: handler / redis / clients', `${cpu('handler')} / ${cpu('redis')} / ${cpu('client')}`],
      ['Redis commands per second / per appended event', from && to ? `${fmt((to.commands - from.commands) / ((to.t - from.t) / 1000), 0)} / ${fmt((to.commands - from.commands) / Math.max(1, to.appended - from.appended), 3)}` : 'n/a'],
      ['handler CPU per appended event, µs', fmt((handlerCpu.micros - go.cpu) / (STREAMS * (TOKENS + 1)), 1)],
      ['  of which in the kernel (system), µs', fmt((handlerCpu.system - go.system) / (STREAMS * (TOKENS + 1)), 1)],
      ['handler GC pauses from GO: total s / count', `${fmt((handlerCpu.gcMs - go.gcMs) / 1000, 2)} / ${handlerCpu.gcCount - go.gcCount}`],
      ['handler GC pauses: share of wall time, longest ms', `${fmt((100 * (handlerCpu.gcMs - go.gcMs)) / 1000 / seconds, 1)}% / ${fmt(gcMaxSinceGo)}`],
      ['event-loop delay p99 / max, ms: handler', `${fmt(handlerLoop.p99)} / ${fmt(handlerLoop.max)}`],
      ['  clients (this process)', `${fmt(clientLoop.percentile(99) / 1e6)} / ${fmt(clientLoop.max / 1e6)}`],
      ['handler RSS at start / peak, MB', `${fmt(rssAtStart / 1e6, 0)} / ${fmt(peakRss / 1e6, 0)}`],
      ['requests retried after 503/429 (Retry-After)', String(retried)],
      ['lost / duplicated events', `${lost} / ${duplicated}`],
      ['followers that did not get every event', String(short)],
      ['streams ended by a store error', String(all.filter((c) => c.errors.length > 0).length)],
      ['connections without done at the deadline', String(STREAMS * (1 + FOLLOWERS) - all.filter((c) => c.done).length)],
      ['wall time from GO, s', fmt(seconds)],
      ['load average before the run', fmt(load)],
    ];
    if (timedOut) return { rows, failure: `the streams did not all end within ${DEADLINE_S} s (the handler process could not keep up)` };
    if (lost + duplicated + short > 0) return { rows, failure: 'events were lost or duplicated' };
    return { rows };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    probe.disconnect();
    await redis.stop();
  }
}

/** Flags docs/server.md recommends for a busy server's node (a larger young generation: fewer, shorter collections). */
const RECOMMENDED_FLAGS = ['--max-semi-space-size=64'];
/** HANDLER_FLAGS: node flags of the second run instead of {@link RECOMMENDED_FLAGS}. */
const flags = process.env.HANDLER_FLAGS === undefined ? RECOMMENDED_FLAGS : process.env.HANDLER_FLAGS.split(' ').filter(Boolean);
/**
 * The runs: chatwire's handler on plain `node` (`RUNS=plain`), on `node` with the flags
 * (`RUNS=flags`), the bare writer (`RUNS=bare`, bench/scale/bareServer.ts: `node:http`
 * writing the same frames to the same connections at the same rate, nothing else), whose
 * CPU is the floor of one process serving that load, and the bare writer appending each
 * event to Redis first (`RUNS=bare-redis`). `RUNS=plain,bare` picks several.
 */
const runs: { key: string; label: string; flags: string[]; script?: string; env?: Record<string, string> }[] = [
  { key: 'plain', label: 'node', flags: [] },
  { key: 'flags', label: `node ${flags.join(' ')}`, flags },
  { key: 'bare', label: 'bare node:http writer', flags: [], script: 'bench/scale/bareServer.ts' },
  { key: 'bare-redis', label: 'bare writer + Redis append', flags: [], script: 'bench/scale/bareServer.ts', env: { BARE_APPEND: 'redis' } },
];
const wanted = process.env.RUNS?.split(',');
const chosen = runs.filter((r) => wanted === undefined || wanted.includes(r.key));
if (chosen.length === 0) throw new Error(`RUNS=${String(process.env.RUNS)} names no run; use plain, flags, bare, bare-redis or a comma-separated list of them.`);
const results: RunResult[] = [];
for (const { label, flags: handlerFlags, script, env } of chosen) {
  console.log(`\n--- ${script ? label : `handler on ${label}`}`);
  results.push(await run(handlerFlags, script, env));
}
console.log(
  `\n${STREAMS} streams x ${TOKENS_PER_SECOND} tokens/s x ${TOKENS} tokens, ${FOLLOWERS} live followers each, one handler process with the Redis store;` +
    `\nthe clients run in the bench process, the handler in its own, redis-server in a third (a fresh one per run)\n`,
);
console.log(`${''.padEnd(50)}${chosen.map(({ label }) => label.padStart(30)).join('')}`);
(results[0] as RunResult).rows.forEach(([name], i) => {
  console.log(`${name.padEnd(50)}${results.map((r) => (r.rows[i]?.[1] ?? '').padStart(30)).join('')}`);
});
const failures = results.flatMap((r, i) => (r.failure ? [`${chosen[i]?.label ?? ''}: ${r.failure}`] : []));
if (failures.length > 0) throw new Error(failures.join('; '))
