import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src/core/session/types';
import { readSSE } from '../../../src/core/sse/readSSE';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel, type MockModel } from '../../../src/server/models/mock';
import { redisSuite } from '../../support/redisSuite';
import { cancelRequest, jsonPost, readEvents, startRequest, textOf, type WireEvent } from '../server/sseTestKit';
import { eventually, freshPrefix } from './helpers';

const BASE = 'http://chat.test';
const server = redisSuite();

/** Two handlers (replicas), each with its own Redis store connections and its own mock model. */
function twoReplicas(options: Parameters<typeof createChatHandler>[0] = {}) {
  const keyPrefix = freshPrefix();
  const make = (): { chat: ChatHandler; model: MockModel } => {
    const model = createMockModel({ delayMs: 1 });
    return { chat: server.handler({ store: server.store({ keyPrefix }), model, ...options }), model };
  };
  return { a: make(), b: make() };
}

const ids = (events: WireEvent[]): number[] => events.map((event) => event.id);
const oneToN = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('two chat handlers sharing one Redis', () => {
  it('a stream started on replica A resumes on replica B with Last-Event-ID: no loss, no duplicates', async () => {
    const { a, b } = twoReplicas();
    const started = await a.chat(startRequest(BASE, { message: { id: 'm1', text: 'Give me a long answer about onboarding' } }));
    expect(started.status).toBe(200);
    const conversationId = started.headers.get('x-chatwire-conversation-id');
    const first = await readEvents(started.body, 8); // then the client drops
    expect(ids(first)).toEqual(oneToN(8));

    const resumed = await b.chat(new Request(`${BASE}/api/chat/${conversationId}/stream`, { headers: { 'Last-Event-ID': '8' } }));
    expect(resumed.status).toBe(200);
    const rest = await readEvents(resumed.body);
    const all = [...first, ...rest];
    expect(ids(all)).toEqual(oneToN(all.length));
    expect(all.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'stop' } });
    expect(all.filter((event) => event.type === 'done')).toHaveLength(1);
    expect(rest.length).toBeGreaterThan(20);

    // The model ran on A only, and B's history holds the whole answer A wrote.
    expect(a.model.calls).toBe(1);
    expect(b.model.calls).toBe(0);
    await a.chat.settled();
    const history = (await (await b.chat(new Request(`${BASE}/api/chat/${conversationId}/messages`))).json()) as {
      messages: ChatMessage[];
      lastSeq: number;
      activeStream: unknown;
    };
    expect(history.activeStream).toBeNull();
    expect(history.lastSeq).toBe(all.length);
    const answer = history.messages.find((message) => message.role === 'assistant');
    const text = answer?.parts.filter((part) => part.type === 'text').map((part) => (part.type === 'text' ? part.text : '')).join('');
    expect(text).toBe(textOf(all));
  });

  it('cancel through replica B stops the model running on replica A', async () => {
    const { a, b } = twoReplicas();
    const started = await a.chat(startRequest(BASE, { message: { text: 'Write a long report' } }));
    const conversationId = started.headers.get('x-chatwire-conversation-id');
    const streamId = started.headers.get('x-chatwire-stream-id');
    const seen: string[] = [];
    let cancelAnswer: unknown;
    for await (const message of readSSE(started.body as ReadableStream<Uint8Array>)) {
      seen.push(message.event);
      if (message.event === 'text-delta' && cancelAnswer === undefined) {
        const response = await b.chat(cancelRequest(BASE, conversationId));
        cancelAnswer = await response.json();
      }
      if (seen.length > 10_000) throw new Error('the stream did not end');
    }
    expect(cancelAnswer).toEqual({ cancelled: true, streamId });
    expect(seen.at(-1)).toBe('cancelled');
    expect(seen).not.toContain('done');
    await eventually(() => a.model.aborts === 1, 'the model on A to see the abort');
    expect(a.model.abortRecords[0]?.eventsAfterAbort).toBe(0);
    expect(b.model.calls).toBe(0);
    await a.chat.settled();
    const history = (await (await b.chat(new Request(`${BASE}/api/chat/${conversationId}/messages`))).json()) as { activeStream: unknown };
    expect(history.activeStream).toBeNull();
    // Nothing left to stop.
    const again = await b.chat(cancelRequest(BASE, conversationId));
    expect(await again.json()).toEqual({ cancelled: false });
  });

  it('a device following on replica B sees a prompt started on replica A live', async () => {
    const { a, b } = twoReplicas();
    const first = await a.chat(startRequest(BASE, { message: { text: 'quick hello' } }));
    const conversationId = first.headers.get('x-chatwire-conversation-id');
    const firstEvents = await readEvents(first.body);
    const following = await b.chat(new Request(`${BASE}/api/chat/${conversationId}/stream?follow=1`, { headers: { 'Last-Event-ID': String(firstEvents.at(-1)?.id) } }));
    expect(following.status).toBe(200);
    const second = await a.chat(startRequest(BASE, { conversationId, message: { id: 'p2', text: 'quick again' } }));
    const direct = await readEvents(second.body);
    const seen: WireEvent[] = [];
    for await (const message of readSSE(following.body as ReadableStream<Uint8Array>)) {
      seen.push({ id: Number(message.id), type: message.event as WireEvent['type'], data: JSON.parse(message.data) as Record<string, unknown> });
      if (message.event === 'done' || seen.length > 10_000) break;
    }
    expect(seen[0]).toMatchObject({ type: 'user-message', data: { messageId: 'p2', text: 'quick again' } });
    expect(seen).toEqual(direct);
  });

  it('a resume from before what the log trimmed (maxEventsPerLog) answers a reset event, never a silent gap (issue 10, row 7)', async () => {
    const chat = server.handler({ store: server.store({ maxEventsPerLog: 100 }), model: createMockModel({ delayMs: 0 }) });
    const started = await chat(startRequest(BASE, { message: { text: 'Write something long about harbours' } }));
    const id = started.headers.get('x-chatwire-conversation-id') as string;
    const all = await readEvents(started.body);
    const last = all.at(-1)?.id as number;
    expect(last).toBeGreaterThan(400);
    const resumed = await chat(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { 'Last-Event-ID': '2' } }));
    expect(resumed.status).toBe(200);
    const text = await resumed.text();
    expect(text).toBe(`event: reset\ndata: ${JSON.stringify({ reason: 'events_trimmed', afterSeq: 2, lastSeq: last })}\n\n`);
    // From a seq the log still has, the rest comes as usual.
    const tail = await readEvents((await chat(new Request(`${BASE}/api/chat/${id}/stream`, { headers: { 'Last-Event-ID': String(last - 5) } }))).body);
    expect(ids(tail)).toEqual([last - 4, last - 3, last - 2, last - 1, last]);
  });

  it('counts a user’s streams across replicas', async () => {
    const { a, b } = twoReplicas({ maxConcurrentStreamsPerUser: 1 });
    const started = await a.chat(startRequest(BASE, { message: { text: 'Write a long report' } }));
    expect(started.status).toBe(200);
    const refused = await b.chat(startRequest(BASE, { message: { text: 'quick one' } }));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
    await started.body?.cancel();
    await a.chat.close();
  });
});

/** A replica in its own Node process (test/support/redisReplica.ts). */
interface ChildReplica {
  base: string;
  output: string[];
  stop(): Promise<void>;
}

async function spawnReplica(keyPrefix: string): Promise<ChildReplica> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/redisReplica.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, REDIS_URL: server.url, KEY_PREFIX: keyPrefix, DELAY_MS: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout.on('data', (data) => {
    buffered += String(data);
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    output.push(...lines);
  });
  child.stderr.on('data', (data) => (stderr += String(data)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  server.cleanup(stop);
  try {
    await eventually(() => {
      if (child.exitCode !== null) throw new Error(`the replica exited with ${child.exitCode}: ${stderr}`);
      return output.some((line) => line.startsWith('listening '));
    }, 'the replica process to listen', 30_000);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}`);
  }
  const port = Number(output.find((line) => line.startsWith('listening '))?.slice('listening '.length));
  return { base: `http://127.0.0.1:${port}`, output, stop };
}

describe('two replica processes sharing one Redis', () => {
  it('resume on B continues A’s stream without loss or duplicates, and cancel through B stops the model in A', async () => {
    const keyPrefix = freshPrefix();
    const [a, b] = await Promise.all([spawnReplica(keyPrefix), spawnReplica(keyPrefix)]);

    // Start on A, drop after 6 events, resume on B to the end.
    const started = await fetch(`${a.base}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: { text: 'Give me a long answer about pricing' } }),
    });
    const conversationId = started.headers.get('x-chatwire-conversation-id');
    const first = await readEvents(started.body, 6);
    const resumed = await fetch(`${b.base}/api/chat/${conversationId}/stream`, { headers: { 'Last-Event-ID': String(first.at(-1)?.id) } });
    expect(resumed.status).toBe(200);
    const all = [...first, ...(await readEvents(resumed.body))];
    expect(ids(all)).toEqual(oneToN(all.length));
    expect(all.at(-1)?.type).toBe('done');

    // Next prompt in the same conversation on A; cancel it through B.
    const second = await fetch(`${a.base}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ conversationId, message: { text: 'Now a long answer about hiring' } }),
    });
    expect(second.status).toBe(200);
    const events: string[] = [];
    let cancelled: unknown;
    for await (const message of readSSE(second.body as ReadableStream<Uint8Array>)) {
      events.push(message.event);
      if (message.event === 'text-delta' && cancelled === undefined) {
        cancelled = await (await fetch(`${b.base}/api/chat/${conversationId}/cancel`, jsonPost())).json();
      }
      if (events.length > 10_000) throw new Error('the stream did not end');
    }
    expect(cancelled).toMatchObject({ cancelled: true });
    expect(events.at(-1)).toBe('cancelled');
    await eventually(() => a.output.includes('model-aborted'), 'process A to report the aborted model call', 10_000);
    expect(b.output).not.toContain('model-aborted');
  }, 60_000);
});
