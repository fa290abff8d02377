/**
 * Session state machine cost. Prints:
 *   1. chatReducer ns per text delta for answers of 1k, 10k and 100k deltas (the cost per
 *      token must not grow with the answer's length);
 *   2. a 10k-event replay folded by the reducer on top of 0, 100 and 1000 earlier messages;
 *   3. a 10k-event replay through the store: store notifications and time (one frame).
 * Median of several runs.
 */
import type { ChatEvent } from '../src/core/events';
import { chatReducer } from '../src/core/session/chatReducer';
import { initialChatState, type ChatState } from '../src/core/session/ChatState';
import { createChatStore } from '../src/core/store/createChatStore';
import { encodeChatEvent } from '../src/core/protocols/encodeChatEvent';
import type { ChatMessage } from '../src/core/session/types';

const RUNS = 5;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function deltas(n: number, from = 3): ChatEvent[] {
  return Array.from({ length: n }, (_, i) => ({ type: 'text-delta', delta: 'word ', seq: from + i }));
}

function prior(count: number): ChatMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    role: i % 2 ? 'assistant' : 'user',
    parts: [{ type: 'text', text: 'earlier message '.repeat(20) }],
  }));
}

function start(messages: ChatMessage[] = []): ChatState {
  let s = chatReducer(initialChatState, { type: 'reset', messages });
  s = chatReducer(s, { type: 'submit', userMessage: { id: 'u', text: 'q' }, assistantMessageId: 'a' });
  return chatReducer(s, { type: 'session', messageId: 'a1', seq: 2 });
}

console.log('chatReducer, one text delta at a time');
console.log('deltas    | ns/delta (median of 5)');
for (const n of [1_000, 10_000, 100_000]) {
  const events = deltas(n);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let s = start();
    const t = performance.now();
    for (const e of events) s = chatReducer(s, e);
    times.push(performance.now() - t);
    if ((s.messages.find((m) => m.id === 'a1')?.parts[0] as { text: string }).text.length !== n * 5) throw new Error('wrong text');
  }
  console.log(`${String(n).padEnd(9)} | ${((median(times) * 1e6) / n).toFixed(0)}`);
}

console.log('\nreplay of 10k events through the reducer');
console.log('earlier messages | ms (median of 5)');
for (const count of [0, 100, 1000]) {
  const events = deltas(10_000);
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const s = start(prior(count));
    const t = performance.now();
    let next = s;
    for (const event of events) next = chatReducer(next, event);
    times.push(performance.now() - t);
  }
  console.log(`${String(count).padEnd(16)} | ${median(times).toFixed(1)}`);
}

console.log('\nstore: resume replay of 10k events arriving in one burst (SSE parse + decode + reducer + store)');
{
  const body = [
    encodeChatEvent({ type: 'user-message', messageId: 'u1', text: 'q' }, 1),
    encodeChatEvent({ type: 'session', conversationId: 'c', streamId: 's', messageId: 'a1' }, 2),
    ...deltas(10_000).map((e) => encodeChatEvent(e)),
    encodeChatEvent({ type: 'done' }, 10_003),
  ].join('');
  const times: number[] = [];
  let notifications = 0;
  let phase = '';
  for (let r = 0; r < RUNS + 2; r++) {
    const storage = new Map<string, string>([['k', JSON.stringify({ conversationId: 'c', streamId: 's', lastEventId: '0' })]]);
    const store = createChatStore({
      storageKey: 'k',
      storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v), removeItem: (k) => void storage.delete(k) },
      historyEndpoint: null,
      fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    });
    notifications = 0;
    store.subscribe(() => notifications++);
    const t = performance.now();
    await store.getState().resume();
    if (r >= 2) times.push(performance.now() - t); // two warm-up runs
    phase = store.getState().phase;
  }
  console.log(`store notifications: ${notifications} | ${median(times).toFixed(1)} ms (median of ${RUNS}) | phase ${phase}`);
}
