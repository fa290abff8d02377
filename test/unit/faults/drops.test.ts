/**
 * Fault suite (issue 10): 1,000 seeded random connection drops and client kills, half on
 * the memory store and half on the Redis store. Each trial starts a generation, loses its
 * connection at a random event (server-side drop or client-side kill), resumes with
 * `Last-Event-ID`, possibly loses that one too, and so on; what the client pieced together
 * must be exactly the conversation's log: every seq once, in order, ending with the
 * terminal event. Deterministic: one seed, printed on failure.
 */
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import { createRedisStore } from '../../../src/server/redis/createRedisStore';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import type { ConversationStore } from '../../../src/server/store/ConversationStore';
import { readSSE } from '../../../src/core/sse/readSSE';
import { startRedis, type TestRedis } from '../../support/redis';
import { createRandom } from '../../../src/server/models/createRandom';

const BASE = 'http://chat.test';
const SEED = 0x10_2026;
const TRIALS_PER_STORE = 500;
const PARALLEL = 20;
const PROMPTS = ['hello there', 'quick question', 'hi, a table please', 'show me some code'];

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

interface Piece {
  id: number;
  type: string;
  data: string;
}

/** Reads one response into `into`; stops after `killAt` events (the client goes away). */
async function read(response: Response, into: Piece[], killAt: number | null, abort: AbortController): Promise<void> {
  if (response.status === 204) return;
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  let n = 0;
  try {
    for await (const m of readSSE(response.body as ReadableStream<Uint8Array>)) {
      into.push({ id: Number(m.id), type: m.event, data: m.data });
      if (killAt !== null && ++n >= killAt) {
        abort.abort(); // the client is killed: the request's signal aborts, the body is dropped
        return;
      }
    }
  } catch {
    // a server-side drop: the body errored
  }
}

async function trial(chat: ChatHandler, store: ConversationStore, random: () => number, index: number): Promise<string | null> {
  const user = { 'x-user': `u${index}` };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const dropAfter = Math.floor(random() * 60);
  const serverDrop = random() < 0.5;
  const abort = new AbortController();
  const start = new Request(`${BASE}/api/chat`, {
    method: 'POST',
    signal: abort.signal,
    headers: { 'Content-Type': 'application/json', ...user, ...(serverDrop ? { 'X-Chatwire-Fault-Drop-After': String(dropAfter) } : {}) },
    body: JSON.stringify({ message: { text: pick(PROMPTS) } }),
  });
  const started = await chat(start);
  const id = started.headers.get('x-chatwire-conversation-id') as string;
  const got: Piece[] = [];
  await read(started, got, serverDrop ? null : dropAfter + 1, abort);
  for (let resume = 0; resume < 6; resume++) {
    if (got.at(-1) && ['done', 'error', 'cancelled'].includes(got.at(-1)!.type)) break;
    const again = new AbortController();
    const killAt = resume < 5 && random() < 0.5 ? 1 + Math.floor(random() * 40) : null;
    const last = got.at(-1)?.id ?? 0;
    const response = await chat(new Request(`${BASE}/api/chat/${id}/stream`, { signal: again.signal, headers: { ...user, 'Last-Event-ID': String(last) } }));
    await read(response, got, killAt, again);
  }
  const log = await store.readAfter(id, 0);
  const expected = log.map((e) => e.seq);
  const ids = got.map((p) => p.id);
  if (JSON.stringify(ids) !== JSON.stringify(expected)) return `trial ${index} (${serverDrop ? 'drop' : 'kill'} at ${dropAfter}): got seqs ${ids.join(',')} but the log has ${expected.join(',')}`;
  if (got.at(-1)?.type !== 'done') return `trial ${index}: the last event is ${got.at(-1)?.type}, not done`;
  const types = got.map((p) => p.type).join(',');
  if (types !== log.map((e) => e.event.type).join(',')) return `trial ${index}: event types differ from the log`;
  return null;
}

async function run(makeStore: () => ConversationStore, seed: number): Promise<string[]> {
  const store = makeStore();
  const chat = createChatHandler({
    store,
    model: createMockModel({ delayMs: 0 }),
    heartbeatMs: 60_000,
    faults: { allowRequestHeader: true },
    authorize: (request) => ({ userId: request.headers.get('x-user') ?? 'anonymous' }),
  });
  const random = createRandom(seed).next;
  const failures: string[] = [];
  try {
    for (let batch = 0; batch < TRIALS_PER_STORE; batch += PARALLEL) {
      const results = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => trial(chat, store, random, batch + i)));
      failures.push(...results.filter((r): r is string => r !== null));
    }
    await chat.settled();
  } finally {
    await chat.close();
    await store.close?.();
  }
  return failures;
}

describe(`fault suite: ${2 * TRIALS_PER_STORE} random drops and kills (seed ${SEED})`, () => {
  it(`memory store: ${TRIALS_PER_STORE} trials, every seq exactly once, in order, to done`, async () => {
    expect(await run(() => createMemoryStore({ maxConversationsPerUser: 10 }), SEED)).toEqual([]);
  }, 120_000);

  it(`Redis store: ${TRIALS_PER_STORE} trials, every seq exactly once, in order, to done`, async () => {
    expect(await run(() => createRedisStore({ url: redis.url, keyPrefix: 'drops:' }), SEED + 1)).toEqual([]);
  }, 180_000);
});
