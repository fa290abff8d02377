/**
 * Parse throughput: the same ~20 MB OpenAI Chat Completions stream (deterministic: text
 * chunks with multi-byte words, some tool calls), fed in 1 KiB chunks, through
 *   (a) eventsource-parser + JSON.parse of every data, read from a ReadableStream;
 *   (a') the same, fed synchronously from memory (no stream machinery), for reference;
 *   (b) chatwire's decodeChatStream(body, { protocol: 'openai-chat' }), which yields ChatEvents.
 * Several warm runs each, interleaved; the median is printed. Target: (b) >= 0.7x of (a).
 */
import { createParser } from 'eventsource-parser';
import { decodeChatStream } from '../src/core/protocols/index';

const TARGET_BYTES = 20 * 1024 * 1024;
const CHUNK = 1024;
const RUNS = 7;
const WARMUP = 2;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'the', 'stream', 'model', 'answer', 'token', 'résumé', 'café', 'naïve', 'Zürich', 'São Paulo',
  '東京', '北京', 'こんにちは', '데이터', 'Привет', 'λόγος', 'emoji 🙂', '🚀', '👩‍💻', '✔️',
  'and', 'of', 'to', 'is', 'with', 'for', 'a', 'latency', 'server', 'client', '\n\n', '**bold**', '`code`',
];

function generate(): { text: string; messages: number } {
  const random = mulberry32(20251122);
  const pick = (): string => WORDS[Math.floor(random() * WORDS.length)] ?? 'x';
  const head = (n: number) =>
    `{"id":"chatcmpl-bench${n}","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_eb9dce56a8","choices":[{"index":0,`;
  const parts: string[] = [];
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
      const content = JSON.stringify(`${pick()} `);
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
  return { text: parts.join(''), messages };
}

const { text, messages } = generate();
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

interface Row {
  name: string;
  ms: number;
  events: number;
}

/**
 * Runs the pipelines interleaved (a, a', b, a, a', b, ...) so that load from other
 * processes on the machine hits all of them alike; reports each one's median.
 */
async function measureAll(pipelines: Array<[string, () => Promise<number>]>): Promise<Row[]> {
  for (let i = 0; i < WARMUP; i++) for (const [, fn] of pipelines) await fn();
  const times = pipelines.map(() => [] as number[]);
  const events = pipelines.map(() => 0);
  for (let run = 0; run < RUNS; run++) {
    for (const [index, [, fn]] of pipelines.entries()) {
      const start = performance.now();
      events[index] = await fn();
      times[index]?.push(performance.now() - start);
    }
  }
  return pipelines.map(([name], index) => {
    const sorted = (times[index] ?? []).sort((a, b) => a - b);
    return { name, ms: sorted[Math.floor(sorted.length / 2)] ?? 0, events: events[index] ?? 0 };
  });
}

const mb = bytes.length / 1e6;
console.log(
  `input: ${mb.toFixed(1)} MB OpenAI Chat Completions stream, ${messages} SSE events, ${chunks.length} chunks of ${CHUNK} B; ` +
    `median of ${RUNS} warm runs, interleaved (node ${process.version})`,
);

const rows = await measureAll([
  ['(a) eventsource-parser + JSON.parse, from a ReadableStream', bareStream],
  ["(a') eventsource-parser + JSON.parse, sync from memory", bareSync],
  ["(b) chatwire decodeChatStream('openai-chat')", ours],
]);

const pad = (s: string, n: number) => s.padEnd(n);
const num = (v: number, digits = 1) => v.toFixed(digits).padStart(10);
console.log(`\n${pad('pipeline', 62)}${'ms'.padStart(10)}${'MB/s'.padStart(10)}${'events'.padStart(10)}${'events/s'.padStart(12)}`);
for (const row of rows) {
  console.log(
    `${pad(row.name, 62)}${num(row.ms)}${num(mb / (row.ms / 1000))}${String(row.events).padStart(10)}${Math.round(row.events / (row.ms / 1000)).toLocaleString('en-US').padStart(12)}`,
  );
}

const [a, aSync, b] = rows as [Row, Row, Row];
const ratio = a.ms / b.ms;
const ratioSync = aSync.ms / b.ms;
console.log(
  `\nratio (b) / (a), by MB/s: ${ratio.toFixed(2)}x (target >= 0.70x: ${ratio >= 0.7 ? 'met' : 'NOT met'}); ` +
    `(b) / (a'): ${ratioSync.toFixed(2)}x`,
);
console.log(`(events: SSE messages for (a), ChatEvents for (b); sink ${sink % 2})`);
