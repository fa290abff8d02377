/**
 * One fold from events to messages: whatever a model streams, the answer the live client
 * folds (the real controller reading the server's SSE), the answer a reloaded client gets
 * (history, then the resume route) and the server's stored history are the same messages,
 * tool times, citations, statuses and errors included.
 *
 * The events come from every recorded fixture (test/fixtures/<protocol>/, decoded with the
 * real adapters) and from random event sequences; the server is the real handler in
 * process with its memory store, on a fake clock, so tool calls have real durations.
 */
import fc from 'fast-check';
import type { ChatEvent, Citation } from '../../../src/core/events';
import { decodeChatStream } from '../../../src/core/protocols/decodeChatStream';
import { createChatStore } from '../../../src/core/store/createChatStore';
import type { ChatMessage } from '../../../src/core/session/types';
import { createChatHandler } from '../../../src/server/handler/createChatHandler';
import type { ToolDefinition } from '../../../src/server/types';
import { scriptedModel } from '../server/sseTestKit';
import { loadProtocolFixtures, streamOf } from '../protocols/protocolFixtures';

interface ThreeViews {
  live: ChatMessage[];
  reloaded: ChatMessage[];
  history: ChatMessage[];
  events: ChatEvent[];
}

/** The tool both sequences may call; any other name gets the server's "no tool" error result. */
const lookup: ToolDefinition = { name: 'lookup', description: 'Looks a word up.', execute: (args) => ({ found: args }) };

/** Streams `events` as the model's first step (later steps say nothing) and returns the three views of the conversation. */
async function threeViews(events: ChatEvent[]): Promise<ThreeViews> {
  let clock = 1_750_000_000_000;
  const handler = createChatHandler({
    model: scriptedModel(async function* (_request, call) {
      if (call === 0) yield* events;
    }),
    tools: [lookup],
    heartbeatMs: 60_000,
    now: () => (clock += 137),
  });
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    handler(new Request(new URL(String(input), 'http://127.0.0.1'), init))) as typeof globalThis.fetch;
  const transport = { backoff: { initialMs: 5, jitter: 'none' as const }, idleTimeoutMs: 0 };
  try {
    const live = createChatStore({ fetch, storage: null, transport });
    await live.getState().send('Tell me');
    const conversationId = live.getState().conversationId ?? '';
    expect(conversationId).not.toBe('');
    const reloaded = createChatStore({ fetch, storage: null, transport, conversationId });
    await reloaded.getState().resume();
    const body = (await (await fetch(`/api/chat/${conversationId}/messages`)).json()) as { messages: ChatMessage[] };
    const log: ChatEvent[] = [];
    for await (const event of decodeChatStream((await fetch(`/api/chat/${conversationId}/stream?lastEventId=0`)).body as ReadableStream<Uint8Array>, { protocol: 'chatwire' })) {
      log.push(event);
    }
    live.getState().controller.dispose();
    reloaded.getState().controller.dispose();
    return { live: live.getState().messages, reloaded: reloaded.getState().messages, history: body.messages, events: log };
  } finally {
    await handler.close();
  }
}

function expectOneAnswer(views: ThreeViews): void {
  expect(views.history).toHaveLength(2);
  expect(views.live).toEqual(views.history);
  expect(views.reloaded).toEqual(views.history);
}

describe('one fold: the live answer, the reloaded answer and the server history are equal', () => {
  const fixtures = loadProtocolFixtures();

  it('covers every recorded fixture', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures.map((f) => [f.label, f] as const))('%s', async (_label, fixture) => {
    const events: ChatEvent[] = [];
    for await (const event of decodeChatStream(streamOf(fixture.bytes), { protocol: fixture.protocol })) events.push(event);
    expect(events.length).toBeGreaterThan(0);
    const views = await threeViews(events);
    expectOneAnswer(views);
    // Every event the server wrote carries its time, and a tool call keeps its timings.
    expect(views.events.every((e) => typeof e.at === 'number')).toBe(true);
    for (const part of views.history[1]?.parts ?? []) {
      if (part.type === 'tool-call' && (part.state === 'result' || part.state === 'error')) {
        expect(part.startedAt).toBeTypeOf('number');
        expect(part.endedAt).toBeGreaterThan(part.startedAt as number);
      }
    }
  });

  it('two citation events stay one citations part and do not split the text around them', async () => {
    const views = await threeViews([
      { type: 'text-delta', delta: 'Paris [1]' },
      { type: 'citations', citations: [{ id: '1', title: 'One', url: 'https://example.com/1' }] },
      { type: 'text-delta', delta: ' and Lyon [2].' },
      { type: 'citations', citations: [{ id: '2', title: 'Two', url: 'https://example.com/2' }] },
      { type: 'done', finishReason: 'stop' },
    ]);
    expectOneAnswer(views);
    const parts = views.history[1]?.parts ?? [];
    expect(parts.filter((p) => p.type === 'citations')).toEqual([
      {
        type: 'citations',
        citations: [
          { id: '1', title: 'One', url: 'https://example.com/1' },
          { id: '2', title: 'Two', url: 'https://example.com/2' },
        ],
      },
    ]);
    expect(parts.filter((p) => p.type === 'text')).toEqual([{ type: 'text', text: 'Paris [1] and Lyon [2].' }]);
  });

  it('a tool call keeps when it started, ran and ended', async () => {
    const views = await threeViews([
      { type: 'tool-call-start', toolCallId: 't1', name: 'lookup' },
      { type: 'tool-call', toolCallId: 't1', name: 'lookup', args: { word: 'fold' } },
      { type: 'done', finishReason: 'tool-calls' },
    ]);
    expectOneAnswer(views);
    const call = views.history[1]?.parts.find((p) => p.type === 'tool-call');
    expect(call).toMatchObject({ state: 'result', result: { found: { word: 'fold' } } });
    if (call?.type !== 'tool-call') throw new Error('no tool call');
    expect(call.startedAt).toBeLessThan(call.executingAt as number);
    expect(call.executingAt).toBeLessThan(call.endedAt as number);
  });

  it('random event sequences', async () => {
    const id = fc.constantFrom('t1', 't2', 't3');
    const word = fc.string({ minLength: 1, maxLength: 6 });
    const citation: fc.Arbitrary<Citation> = fc.record({ id: fc.constantFrom('1', '2', '3'), title: word });
    const content: fc.Arbitrary<ChatEvent> = fc.oneof(
      word.map((delta) => ({ type: 'text-delta', delta }) as const),
      word.map((delta) => ({ type: 'reasoning-delta', delta }) as const),
      word.map((text) => ({ type: 'status', text }) as const),
      fc.array(citation, { minLength: 1, maxLength: 2 }).map((citations) => ({ type: 'citations', citations }) as const),
      fc.tuple(id, fc.constantFrom('lookup', 'other')).map(([toolCallId, name]) => ({ type: 'tool-call-start', toolCallId, name }) as const),
      fc.tuple(id, word).map(([toolCallId, argsDelta]) => ({ type: 'tool-call-delta', toolCallId, argsDelta }) as const),
      fc.tuple(id, fc.constantFrom('lookup', 'other'), word).map(([toolCallId, name, q]) => ({ type: 'tool-call', toolCallId, name, args: { q } }) as const),
      fc.tuple(id, word).map(([toolCallId, r]) => ({ type: 'tool-result', toolCallId, result: r }) as const),
      word.map((message) => ({ type: 'error', message, code: 'warn', fatal: false }) as const),
    );
    const end: fc.Arbitrary<ChatEvent[]> = fc.oneof(
      fc.constant<ChatEvent[]>([{ type: 'done', finishReason: 'stop' }]),
      fc.constant<ChatEvent[]>([]),
      word.map((message): ChatEvent[] => [{ type: 'error', message, code: 'model_failed', retryable: true }]),
      fc.constant<ChatEvent[]>([{ type: 'cancelled', reason: 'upstream' }]),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(content, { maxLength: 25 }), end, async (body, tail) => {
        expectOneAnswer(await threeViews([...body, ...tail]));
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
