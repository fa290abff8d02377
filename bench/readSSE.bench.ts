/**
 * readSSE vs bare eventsource-parser, both followed by JSON.parse of every event, on a
 * 20 MB chatwire-style stream delivered in 1 KiB chunks. Prints MB/s and the ratio.
 * Run: npx tsx bench/readSSE.bench.ts
 */
import { createParser } from 'eventsource-parser';
import { readSSE } from '../src/core/sse/readSSE';

const TARGET_BYTES = 20 * 1024 * 1024;
const CHUNK = 1024;

function makeChunks(): Uint8Array[] {
  const words = ['Hello', ' world', ', this', ' is', ' a', ' streamed', ' answer', ' with', ' “unicode”', ' 🎉'];
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < TARGET_BYTES; i++) {
    const e = `id: ${i}\nevent: text-delta\ndata: ${JSON.stringify({ delta: words[i % words.length] })}\n\n`;
    parts.push(e);
    size += e.length;
  }
  const all = new TextEncoder().encode(parts.join(''));
  const chunks: Uint8Array[] = [];
  for (let o = 0; o < all.length; o += CHUNK) chunks.push(all.subarray(o, o + CHUNK));
  return chunks;
}

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const c = chunks[i++];
      if (c) controller.enqueue(c);
      else controller.close();
    },
  });
}

async function bare(chunks: Uint8Array[]): Promise<number> {
  let n = 0;
  const parser = createParser({
    onEvent: (e) => {
      JSON.parse(e.data);
      n++;
    },
  });
  const reader = streamOf(chunks).getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return n;
}

async function ours(chunks: Uint8Array[]): Promise<number> {
  let n = 0;
  for await (const m of readSSE(streamOf(chunks))) {
    JSON.parse(m.data);
    n++;
  }
  return n;
}

async function time(fn: () => Promise<number>): Promise<{ ms: number; n: number }> {
  const t = performance.now();
  const n = await fn();
  return { ms: performance.now() - t, n };
}

const chunks = makeChunks();
const mb = chunks.reduce((s, c) => s + c.length, 0) / (1024 * 1024);
const results: Record<string, number[]> = { 'eventsource-parser + JSON.parse': [], 'readSSE + JSON.parse': [] };
let events = 0;
for (let round = 0; round < 6; round++) {
  const a = await time(() => bare(chunks));
  const b = await time(() => ours(chunks));
  if (a.n !== b.n) throw new Error(`event counts differ: ${a.n} vs ${b.n}`);
  events = a.n;
  if (round === 0) continue; // warm-up
  results['eventsource-parser + JSON.parse']!.push(a.ms);
  results['readSSE + JSON.parse']!.push(b.ms);
}
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
console.log(`${mb.toFixed(1)} MB, ${events} events, ${chunks.length} chunks of ${CHUNK} B (median of 5)`);
const rows = Object.entries(results).map(([name, xs]) => ({ name, ms: median(xs), mbps: mb / (median(xs) / 1000) }));
for (const r of rows) console.log(`${r.name.padEnd(34)} ${r.ms.toFixed(0).padStart(6)} ms  ${r.mbps.toFixed(1).padStart(7)} MB/s`);
console.log(`readSSE throughput / bare parser: ${(rows[1]!.mbps / rows[0]!.mbps).toFixed(2)}x`);
