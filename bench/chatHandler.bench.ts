/**
 * The chat handler over node:http next to a bare SSE server, in one run, on 127.0.0.1:
 * - one stream: the mock's "long" answer (no delay), events/s as a client receives them;
 * - 20 concurrent streams of the same answer, events/s in total;
 * - resume: replay of a 10 000-event log after Last-Event-ID, ms until the last byte.
 * The bare server writes the same pre-encoded chatwire frames with one res.write each and
 * no log, store, tools or backpressure handling: the floor our design is measured against.
 * The chatwire column includes running the mock model itself (about 17 µs per event).
 * Model token rates are 50-200 events/s per stream, so both columns are far above need;
 * the gap is the price of decoupling generation from the connection (log + subscriber).
 * Run: npm run bench -- chatHandler   (or npx tsx bench/chatHandler.bench.ts)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatEvent } from '../src/core/events';
import { encodeChatEvent } from '../src/core/protocols/encodeChatEvent';
import { createChatHandler } from '../src/server/handler/createChatHandler';
import { createMockModel } from '../src/server/models/mock';
import { toNodeHandler } from '../src/server/node/toNodeHandler';
import { createMemoryStore } from '../src/server/store/createMemoryStore';

const PROMPT = 'a long essay about caching';
const CONCURRENT = 20;
const REPLAY = 10_000;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Reads a response to the end; returns how many SSE events (blank-line-terminated blocks with data) came. */
async function drain(res: Response): Promise<number> {
  const text = await res.text();
  return text.split('\n\n').filter((block) => block.includes('data:')).length;
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; events: number }> {
  const t = performance.now();
  const events = await run();
  return { ms: performance.now() - t, events };
}

const model = createMockModel({ delayMs: 0 });
const frames: string[] = [];
for await (const event of model.stream({ conversationId: 'c', messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: PROMPT }] }], tools: [], signal: new AbortController().signal })) {
  frames.push(encodeChatEvent(event as ChatEvent, frames.length + 2));
}

const bare = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  for (const f of frames) res.write(f);
  res.end();
});
const store = createMemoryStore({ maxEventsPerLog: REPLAY * 2 });
const handler = createChatHandler({ model: createMockModel({ delayMs: 0 }), store, maxConcurrentStreamsPerUser: CONCURRENT + 1 });
const ours = createServer(toNodeHandler(handler));
const bareUrl = await listen(bare);
const oursUrl = await listen(ours);
const start = (): Promise<Response> =>
  fetch(`${oursUrl}/api/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: { text: PROMPT } }) });

try {
  // Warm up both paths.
  for (let i = 0; i < 3; i++) await Promise.all([drain(await fetch(bareUrl)), drain(await start())]);

  const oneBare = await timed(async () => drain(await fetch(bareUrl)));
  const oneOurs = await timed(async () => drain(await start()));
  const manyBare = await timed(async () => (await Promise.all(Array.from({ length: CONCURRENT }, async () => drain(await fetch(bareUrl))))).reduce((a, b) => a + b, 0));
  const manyOurs = await timed(async () => (await Promise.all(Array.from({ length: CONCURRENT }, async () => drain(await start())))).reduce((a, b) => a + b, 0));

  // Resume: a 10 000-event log, replayed after Last-Event-ID 0.
  await store.createConversation('replay-log', 'anonymous');
  for (let i = 0; i < REPLAY; i++) await store.append('replay-log', { type: 'text-delta', delta: ` word${i}` });
  const replayFrames = Array.from({ length: REPLAY }, (_, i) => encodeChatEvent({ type: 'text-delta', delta: ` word${i}` }, i + 1));
  const bareReplay = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    for (const f of replayFrames) res.write(f);
    res.end();
  });
  const bareReplayUrl = await listen(bareReplay);
  const replayBare = await timed(async () => drain(await fetch(bareReplayUrl)));
  const replayOurs = await timed(async () => drain(await fetch(`${oursUrl}/api/chat/replay-log/stream?lastEventId=0`)));
  bareReplay.close();

  const rate = (r: { ms: number; events: number }): string => Math.round(r.events / (r.ms / 1000)).toLocaleString('en-US');
  const rows: Array<[string, string, string]> = [
    [`one stream (${oneOurs.events} events), events/s`, rate(oneOurs), rate(oneBare)],
    [`${CONCURRENT} concurrent streams, events/s total`, rate(manyOurs), rate(manyBare)],
    [`resume: replay ${REPLAY.toLocaleString('en-US')} events, ms`, replayOurs.ms.toFixed(1), replayBare.ms.toFixed(1)],
  ];
  if (oneOurs.events !== frames.length + 2 || replayOurs.events !== REPLAY) {
    throw new Error(`unexpected event counts: ${oneOurs.events} (want ${frames.length + 2}), replay ${replayOurs.events}`);
  }
  console.log('chatwire handler (log + subscriber, node:http adapter) vs bare res.write SSE server, 127.0.0.1\n');
  console.log(`${'measure'.padEnd(46)}${'chatwire'.padStart(14)}${'bare'.padStart(14)}`);
  for (const [name, a, b] of rows) console.log(`${name.padEnd(46)}${a.padStart(14)}${b.padStart(14)}`);
} finally {
  await handler.close();
  ours.closeAllConnections();
  bare.closeAllConnections();
  ours.close();
  bare.close();
}
