/**
 * What both server processes of bench/chatScale.bench.ts share (scaleServer.ts, chatwire's
 * handler; bareServer.ts, the bare writer it is compared with): the `GO` line from the
 * bench, the model's clock, and the `STAT` lines.
 */
import { createInterface } from 'node:readline';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';

export const now = (): number => performance.timeOrigin + performance.now();

/** This process's event-loop delay from the bench's `GO` on. */
const loop = monitorEventLoopDelay({ resolution: 5 });

/** Resolves at the bench's `GO` (a line on stdin, sent once every stream and follower is attached). */
export const go = new Promise<void>((resolve) => {
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line !== 'GO') return;
    loop.enable();
    resolve();
  });
});

/**
 * The model's clock: one timer for all generations, waking every one whose next token is
 * due in the millisecond it fires (as tokens of many streams arrive from the network
 * together), not a timer per token.
 */
const due = new Map<number, (() => void)[]>();
let armed: { at: number; timer: ReturnType<typeof setTimeout> } | undefined;
function arm(at: number): void {
  if (armed) {
    if (armed.at <= at) return;
    clearTimeout(armed.timer);
  }
  armed = { at, timer: setTimeout(fire, Math.max(0, at - now())) };
}
function fire(): void {
  armed = undefined;
  const t = now();
  let next = Infinity;
  for (const [at, wakes] of due) {
    if (at > t) {
      next = Math.min(next, at);
      continue;
    }
    due.delete(at);
    for (const wake of wakes) wake();
  }
  if (next < Infinity) arm(next);
}
/** Resolves at `at` (epoch ms), within the millisecond. */
export function until(at: number): Promise<void> {
  const slot = Math.ceil(at);
  return new Promise((resolve) => {
    const wakes = due.get(slot);
    if (wakes) wakes.push(resolve);
    else due.set(slot, [resolve]);
    arm(slot);
  });
}

/**
 * Prints `PORT <port>` now, then every 250 ms
 * `STAT <rss bytes> <cpu µs, user + system> <cpu µs, system> <GC pauses, total ms> <longest GC pause since the last STAT, ms> <GC pauses, count> <event-loop delay since GO: p99 ms> <max ms>`.
 * Exits when the bench goes away.
 */
export function reportStats(port: number): void {
  /** Garbage-collection pauses of this process (the main thread stops for each). */
  const gc = { total: 0, max: 0, count: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.total += entry.duration;
      gc.max = Math.max(gc.max, entry.duration);
      gc.count++;
    }
  }).observe({ entryTypes: ['gc'] });
  process.stdout.on('error', () => process.exit(0)); // the bench went away
  console.log(`PORT ${port}`);
  setInterval(() => {
    const cpu = process.cpuUsage();
    const p99 = loop.count > 0 ? loop.percentile(99) / 1e6 : 0;
    const max = loop.count > 0 ? loop.max / 1e6 : 0;
    console.log(`STAT ${process.memoryUsage().rss} ${cpu.user + cpu.system} ${cpu.system} ${gc.total.toFixed(1)} ${gc.max.toFixed(1)} ${gc.count} ${p99.toFixed(1)} ${max.toFixed(1)}`);
    gc.max = 0;
  }, 250).unref();
}
