/**
 * Parse throughput: the same ~20 MB OpenAI Chat Completions stream (deterministic: text
 * chunks with multi-byte words, some tool calls), fed in 1 KiB chunks, through
 *   (a) eventsource-parser + TextDecoder + JSON.parse of every data, read from a ReadableStream;
 *   (a') the same, fed synchronously from memory (no stream machinery), for reference;
 *   (b) chatwire's decodeChatStream(body, { protocol: 'openai-chat' }), which yields ChatEvents.
 * (a) and (b) read identical ReadableStreams (same chunks, same pull source) with one
 * reader each. Before timing, (b)'s text is checked against the generated answer.
 *
 * Fairness and stability on a shared machine: warm-up rounds first; then rounds in which
 * every pipeline runs once, in an order that rotates from round to round (so drift in the
 * machine's load and a major GC land on every pipeline alike). Each run records wall time
 * and the process's CPU time (user + system), which other processes' load inflates far
 * less than wall time. The verdict uses the median over rounds of the per-round CPU-time
 * ratio (a)/(b). (A forced GC before each run was tried: it shrinks the young generation
 * and then bills its regrowth to whichever pipeline allocates most, so it is not used.)
 * Target: (b) >= 0.85x of (a).
 */
import { createParser } from 'eventsource-parser';
import { decodeChatStream } from '../src/core/protocols/index';
import { createRandom } from '../src/server/models/createRandom';

const TARGET_BYTES = 20 * 1024 * 1024;
const CHUNK = 1024;
const ROUNDS = 15;
const WARMUP = 3;
const TARGET_RATIO = 0.85;


const WORDS = [
  'the', 'stream', 'model', 'answer', 'token', 'résumé', 'café', 'naïve', 'Zürich', 'São Paulo',
  '東京', '北京', 'こんにちは', '데이터', 'Привет', 'λόγος', 'emoji 🙂', '🚀', '👩‍💻', '✔️',
  'and', 'of', 'to', 'is', 'with', 'for', 'a', 'latency', 'server', 'client', '\n\n', '**bold**', '`code`',
];

function generate(): { text: string; messages: number; answer: string } {
  const random = createRandom(20251122).next;
  const pick = (): string => WORDS[Math.floor(random() * WORDS.length)] ?? 'x';
  const head = (n: number) =>
    `{"id":"chatcmpl-bench${n}","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_eb9dce56a8","choices":[{"index":0,`;
  const parts: string[] = [];
  const answer: string[] = [];
  let size = 0;
  let messages = 0;
  let completion = 0;
  const push = (data: string) => {
    const line = `data: ${data}\n\n`;
    parts.push(line);
    size += line.length;
    messages++;
  };
  while (size < TARGET_BYTES) {
    completion++;
    push(`${head(completion)}"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}`);
    const tokens = 40 + Math.floor(random() * 200);
    for (let i = 0; i < tokens; i++) {
      const word = `${pick()} `;
      answer.push(word);
      const content = JSON.stringify(word);
      push(`${head(completion)}"delta":{"content":${content}},"logprobs":null,"finish_reason":null}],"usage":null}`);
    }
    if (completion % 5 === 0) {
      // two parallel tool calls, arguments interleaved by index
      for (const index of [0, 1]) {
        push(`${head(completion)}"delta":{"tool_calls":[{"index":${index},"id":"call_${completion}_${index}","type":"function","function":{"name":"search","arguments":""}}]},"logprobs":null,"finish_reason":null}],"usage":null}`);
      }
      const args = JSON.stringify({ query: `${pick()} ${pick()} ${pick()}`, limit: 10, lang: 'fr' });
      for (let at = 0; at < args.length; at += 8) {
        for (const index of [0, 1]) {
          push(`${head(completion)}"delta":{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(args.slice(at, at + 8))}}}]},"logprobs":null,"finish_reason":null}],"usage":null}`);
        }
      }
      push(`${head(completion)}"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}`);
    } else {
      push(`${head(completion)}"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}`);
    }
  }
  push('[DONE]');
  return { text: parts.join(''), messages, answer: answer.join('') };
}

const { text, messages, answer } = generate();
const bytes = new TextEncoder().encode(text);
const chunks: Uint8Array[] = [];
for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(bytes.subarray(at, at + CHUNK));

function bodyOf(): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

let sink = 0; // keeps results alive so nothing is optimized away

async function bareStream(): Promise<number> {
  let events = 0;
  const parser = createParser({
    onEvent(event) {
      events++;
      if (event.data !== '[DONE]') sink += (JSON.parse(event.data) as { created: number }).created & 1;
    },
  });
  const decoder = new TextDecoder();
  const reader = bodyOf().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  parser.feed(decoder.decode());
  return events;
}

async function bareSync(): Promise<number> {
  let events = 0;
  const parser = createParser({
    onEvent(event) {
      events++;
      if (event.data !== '[DONE]') sink += (JSON.parse(event.data) as { created: number }).created & 1;
    },
  });
  const decoder = new TextDecoder();
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  parser.feed(decoder.decode());
  return events;
}

async function ours(): Promise<number> {
  let events = 0;
  for await (const event of decodeChatStream(bodyOf(), { protocol: 'openai-chat' })) {
    events++;
    sink += event.type.length & 1;
  }
  return events;
}

/** (b) must do the real work: its text-deltas rebuild the generated answer. */
async function checkOurs(): Promise<void> {
  let got = '';
  for await (const event of decodeChatStream(bodyOf(), { protocol: 'openai-chat' })) {
    if (event.type === 'text-delta') got += event.delta;
  }
  if (got !== answer) throw new Error(`decodeChatStream rebuilt ${got.length} chars of text, expected ${answer.length}`);
}

interface Row {
  name: string;
  wallMs: number;
  cpuMs: number;
  events: number;
}

interface Sample {
  wall: number[];
  cpu: number[];
  events: number;
}

async function runOnce(fn: () => Promise<number>, sample: Sample): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  sample.events = await fn();
  sample.wall.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  sample.cpu.push((used.user + used.system) / 1000);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Rounds of every pipeline once, the order rotating per round; warm-up rounds are not kept. */
async function measureAll(pipelines: Array<[string, () => Promise<number>]>): Promise<{ rows: Row[]; samples: Sample[] }> {
  const samples: Sample[] = pipelines.map(() => ({ wall: [], cpu: [], events: 0 }));
  for (let round = -WARMUP; round < ROUNDS; round++) {
    for (let k = 0; k < pipelines.length; k++) {
      const index = (((round + k) % pipelines.length) + pipelines.length) % pipelines.length;
      const fn = pipelines[index]?.[1];
      const sample = samples[index];
      if (fn === undefined || sample === undefined) continue;
      await runOnce(fn, sample);
      if (round < 0) {
        sample.wall.pop();
        sample.cpu.pop();
      }
    }
  }
  const rows = pipelines.map(([name], index) => {
    const sample = samples[index] as Sample;
    return { name, wallMs: median(sample.wall), cpuMs: median(sample.cpu), events: sample.events };
  });
  return { rows, samples };
}

await checkOurs();
const mb = bytes.length / 1e6;
console.log(
  `input: ${mb.toFixed(1)} MB OpenAI Chat Completions stream, ${messages} SSE events, ${chunks.length} chunks of ${CHUNK} B; ` +
    `${ROUNDS} rounds after ${WARMUP} warm-up, order rotating (node ${process.version})`,
);

const { rows, samples } = await measureAll([
  ['(a) eventsource-parser + JSON.parse, from a ReadableStream', bareStream],
  ["(a') eventsource-parser + JSON.parse, sync from memory", bareSync],
  ["(b) chatwire decodeChatStream('openai-chat')", ours],
]);

const pad = (s: string, n: number) => s.padEnd(n);
const num = (v: number, digits = 1) => v.toFixed(digits).padStart(9);
console.log(
  `\n${pad('pipeline (medians)', 60)}${'cpu ms'.padStart(9)}${'wall ms'.padStart(9)}${'MB/s cpu'.padStart(10)}${'events'.padStart(9)}${'events/s cpu'.padStart(14)}`,
);
for (const row of rows) {
  console.log(
    `${pad(row.name, 60)}${num(row.cpuMs)}${num(row.wallMs)}${num(mb / (row.cpuMs / 1000)).padStart(10)}${String(row.events).padStart(9)}` +
      `${Math.round(row.events / (row.cpuMs / 1000)).toLocaleString('en-US').padStart(14)}`,
  );
}

const [a, aSync, b] = rows as [Row, Row, Row];
const [sa, , sb] = samples as [Sample, Sample, Sample];
const paired = (x: number[], y: number[]) => median(x.map((value, i) => value / (y[i] ?? Number.NaN)));
const ratioCpu = paired(sa.cpu, sb.cpu);
const ratioWall = paired(sa.wall, sb.wall);
const spread = [...sa.cpu.map((value, i) => value / (sb.cpu[i] ?? Number.NaN))].sort((x, y) => x - y);
console.log(
  `\nratio (b)/(a), throughput, median of per-round CPU-time ratios: ${ratioCpu.toFixed(2)}x ` +
    `(rounds ${spread[0]?.toFixed(2)}..${spread[spread.length - 1]?.toFixed(2)}) -> ${ratioCpu >= TARGET_RATIO ? 'PASS' : 'FAIL'} (target >= ${TARGET_RATIO.toFixed(2)}x)`,
);
console.log(
  `same by wall time: ${ratioWall.toFixed(2)}x (load from other processes shows here); ` +
    `(b)/(a') by CPU: ${(aSync.cpuMs / b.cpuMs).toFixed(2)}x; (a) wall/cpu ${(a.wallMs / a.cpuMs).toFixed(2)}`,
);
console.log(`(events: SSE messages for (a), ChatEvents for (b); sink ${sink % 2})`);
