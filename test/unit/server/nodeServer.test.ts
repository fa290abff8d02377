import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel, type MockModel } from '../../../src/server/models/mock';
import { toNodeHandler } from '../../../src/server/node/toNodeHandler';
import type { ChatHandlerOptions } from '../../../src/server/handler/ChatHandlerOptions';
import { jsonPost, readEvents, readUntilDropped, startRequest, textOf, type WireEvent } from './sseTestKit';

interface Running {
  base: string;
  handler: ChatHandler;
  model: MockModel;
  server: Server;
}
const running: Running[] = [];

async function serve(modelOptions: Parameters<typeof createMockModel>[0] = {}, options: ChatHandlerOptions = {}): Promise<Running> {
  const model = createMockModel({ delayMs: 0, ...modelOptions });
  const handler = createChatHandler({ model, ...options });
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const r = { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, handler, model, server };
  running.push(r);
  return r;
}

afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.handler.close();
    r.server.closeAllConnections();
    await new Promise((resolve) => r.server.close(resolve));
  }
});

const PROMPT = 'What did the team say about the release plan?';

/** The events of an uninterrupted run of PROMPT on a fresh server (the mock is deterministic). */
async function reference(): Promise<WireEvent[]> {
  const { base } = await serve();
  return readEvents((await fetch(startRequest(base, { message: { id: 'p1', text: PROMPT } }))).body);
}

/** Events of two runs, without what differs between runs (ids, times, tool rounds). */
const comparable = (events: WireEvent[]) =>
  events
    .filter((e) => e.type !== 'session' && e.type !== 'done' && e.type !== 'tool-call-start' && !String(e.type).startsWith('tool-'))
    .map(({ data: { at: _at, ...data }, ...rest }) => ({ ...rest, data }));

describe('over node:http on 127.0.0.1', () => {
  it('streams SSE with the streaming headers', async () => {
    const { base } = await serve();
    const res = await fetch(startRequest(base, { message: { text: 'hello' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('connection')).toBe('keep-alive');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('cache-control')).toMatch(/no-cache/);
    const events = await readEvents(res.body);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.type).toBe('done');
  });

  it('a client that disconnects does not stop the model; Last-Event-ID resume gets exactly the rest', async () => {
    const expected = await reference();
    const { base, handler, model } = await serve({ delayMs: 2 });
    const controller = new AbortController();
    const res = await fetch(startRequest(base, { message: { id: 'p1', text: PROMPT } }), { signal: controller.signal });
    const conversationId = res.headers.get('x-chatwire-conversation-id');
    const head = await readEvents(res.body, 25);
    controller.abort(); // the tab closes mid-answer
    await handler.settled(); // generation goes on to the end without anyone listening
    expect(model.aborts).toBe(0);
    const lastId = head.at(-1)?.id ?? 0;
    const resumed = await fetch(`${base}/api/chat/${conversationId}/stream`, { headers: { 'Last-Event-ID': String(lastId) } });
    expect(resumed.status).toBe(200);
    const rest = await readEvents(resumed.body);
    const all = [...head, ...rest];
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1)); // no loss, no duplicates
    expect(all.at(-1)?.type).toBe('done');
    expect(textOf(all)).toBe(textOf(expected));
    expect(comparable(all).map((e) => [e.type, e.data])).toEqual(comparable(expected).map((e) => [e.type, e.data]));
  });

  it('fault injection drops the connection after N events; the generation goes on and resume completes it', async () => {
    const expected = await reference();
    const { base, handler } = await serve({ delayMs: 0 }, { faults: { allowRequestHeader: true } });
    const res = await fetch(startRequest(base, { message: { id: 'p1', text: PROMPT } }, { 'X-Chatwire-Fault-Drop-After': '10' }));
    const conversationId = res.headers.get('x-chatwire-conversation-id');
    const first = await readUntilDropped(res.body);
    expect(first.dropped).toBe(true);
    expect(first.events).toHaveLength(10);
    await handler.settled();
    const rest = await readEvents((await fetch(`${base}/api/chat/${conversationId}/stream?lastEventId=10`)).body);
    expect(textOf([...first.events, ...rest])).toBe(textOf(expected));
    expect(rest[0]?.id).toBe(11);
  });

  it("the mock model's dropAfterEvents drops every start connection", async () => {
    const { base } = await serve({ dropAfterEvents: 3 });
    const first = await readUntilDropped((await fetch(startRequest(base, { message: { text: 'hello' } }))).body);
    expect(first).toMatchObject({ dropped: true, events: [{ id: 1 }, { id: 2 }, { id: 3 }] });
  });

  it('a second device following the conversation sees the in-flight answer and the next prompt live', async () => {
    const { base, handler } = await serve({ delayMs: 1 });
    const res = await fetch(startRequest(base, { message: { id: 'q1', text: 'code please' } }));
    const conversationId = res.headers.get('x-chatwire-conversation-id');
    const followCtl = new AbortController();
    const follow = await fetch(`${base}/api/chat/${conversationId}/stream?follow=1&lastEventId=0`, { signal: followCtl.signal });
    const firstAnswer = await readEvents(res.body);
    await handler.settled();
    // The follower stays open after the first generation ended: a second prompt arrives live.
    const followed = readEvents(follow.body, firstAnswer.length + 2);
    const second = await fetch(startRequest(base, { conversationId, message: { id: 'q2', text: 'hello' } }));
    const secondEvents = await readEvents(second.body);
    const seen = await followed;
    followCtl.abort();
    expect(seen.slice(0, firstAnswer.length)).toEqual(firstAnswer);
    expect(seen[firstAnswer.length]).toMatchObject({ type: 'user-message', data: { messageId: 'q2', text: 'hello' } });
    expect(seen[firstAnswer.length + 1]).toEqual(secondEvents[1]);
  });

  it('cancel over HTTP aborts the model promptly and the partial answer is in history', async () => {
    const { base, model, handler } = await serve({ delayMs: 3 });
    const res = await fetch(startRequest(base, { message: { text: 'a long essay' } }));
    const conversationId = res.headers.get('x-chatwire-conversation-id');
    const reading = readEvents(res.body);
    const peek = await fetch(`${base}/api/chat/${conversationId}/stream?lastEventId=0`);
    await readEvents(peek.body, 10);
    const cancelled = await fetch(`${base}/api/chat/${conversationId}/cancel`, jsonPost());
    expect(await cancelled.json()).toMatchObject({ cancelled: true });
    const events = await reading;
    await handler.settled();
    expect(events.at(-1)?.type).toBe('cancelled');
    expect(model.aborts).toBe(1);
    expect(model.abortRecords[0]?.eventsAfterAbort).toBe(0);
    const history = (await (await fetch(`${base}/api/chat/${conversationId}/messages`)).json()) as { messages: Array<{ finishReason?: string; parts: Array<{ type: string; text?: string }> }> };
    expect(history.messages[1]?.finishReason).toBe('cancelled');
    expect(history.messages[1]?.parts.filter((p) => p.type === 'text').map((p) => p.text).join('')).toBe(textOf(events));
  });

  it('answers 413 for a large body and 204 for a finished conversation', async () => {
    const { base } = await serve({}, { maxRequestBytes: 100 });
    const big = await fetch(startRequest(base, { message: { text: 'x'.repeat(200) } }));
    expect(big.status).toBe(413);
    const res = await fetch(startRequest(base, { message: { text: 'hi' } }));
    const events = await readEvents(res.body);
    const none = await fetch(`${base}/api/chat/${res.headers.get('x-chatwire-conversation-id')}/stream`, { headers: { 'Last-Event-ID': String(events.at(-1)?.id) } });
    expect(none.status).toBe(204);
  });
});
