/**
 * Tools that need approval: the generation pauses with an `approval-request`, the decision
 * route records exactly one decision, and the same generation goes on (same stream, same
 * seq line). Every case runs on the memory store and on a real Redis (two replicas: the
 * decision is posted to the one that is not running the generation).
 */
import type { ChatEvent } from '../../../src/core/events';
import type { ChatMessage, ToolCallPart } from '../../../src/core/session/types';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import type { ChatHandlerOptions } from '../../../src/server/handler/ChatHandlerOptions';
import { createMemoryStore } from '../../../src/server/store/createMemoryStore';
import type { ModelRequest, ToolDefinition } from '../../../src/server/types';
import { redisSuite } from '../../support/redisSuite';
import { cancelRequest, scriptedModel, startRequest, streamReader as reader, type WireEvent } from '../server/sseTestKit';

const BASE = 'http://chat.test';
const redis = redisSuite();

/** The model: first a `send_email` call, then an answer that says what became of it. */
function emailModel() {
  return scriptedModel(async function* (request: ModelRequest, call: number): AsyncGenerator<ChatEvent> {
    const sent = toolParts(request).find((p) => p.name === 'send_email');
    if (!sent) {
      yield { type: 'text-delta', delta: 'Let me send that. ' };
      yield { type: 'tool-call-start', toolCallId: `call_${call}`, name: 'send_email' };
      yield { type: 'tool-call-delta', toolCallId: `call_${call}`, argsDelta: '{"to":"ana@example.com"}' };
      yield { type: 'tool-call', toolCallId: `call_${call}`, name: 'send_email', args: { to: 'ana@example.com' } };
      yield { type: 'done', finishReason: 'tool-calls' };
      return;
    }
    yield { type: 'text-delta', delta: sent.state === 'result' ? 'Email sent to ana@example.com.' : `I did not send it (${sent.state}).` };
    yield { type: 'done', finishReason: 'stop' };
  });
}

/** The tool calls of this turn (after the last user message). */
function toolParts(request: ModelRequest): ToolCallPart[] {
  const lastUser = request.messages.map((m) => m.role).lastIndexOf('user');
  return request.messages.slice(lastUser + 1).flatMap((m) => m.parts).filter((p): p is ToolCallPart => p.type === 'tool-call');
}

/** Replicas sharing one store: memory (one process, so both are the same handler's store) or Redis. */
function setup(kind: 'memory' | 'redis', options: Partial<ChatHandlerOptions> & { sendEmail?: ToolDefinition } = {}) {
  const sent: unknown[] = [];
  const sendEmail: ToolDefinition = options.sendEmail ?? {
    name: 'send_email',
    needsApproval: true,
    execute: (args) => {
      sent.push(args);
      return { sent: true };
    },
  };
  const model = emailModel();
  const store = redis.sharedStore(kind);
  const make = (): ChatHandler => redis.handler({ model, tools: [sendEmail], store: store(), ...options });
  return { a: make(), b: make(), sent, model, store };
}

function decide(chat: ChatHandler, conversationId: string, toolCallId: string, body: unknown): Promise<Response> {
  return chat(new Request(`${BASE}/api/chat/${conversationId}/tool-calls/${toolCallId}/decision`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }));
}

async function start(chat: ChatHandler, text = 'Send an email to Ana', conversationId?: string) {
  const response = await chat(startRequest(BASE, { ...(conversationId ? { conversationId } : {}), message: { text } }));
  expect(response.status).toBe(200);
  return { conversationId: response.headers.get('x-chatwire-conversation-id') as string, stream: reader(response.body) };
}

async function history(chat: ChatHandler, conversationId: string): Promise<{ messages: ChatMessage[]; activeStream: unknown }> {
  return (await (await chat(new Request(`${BASE}/api/chat/${conversationId}/messages`))).json()) as { messages: ChatMessage[]; activeStream: unknown };
}

function toolPartOf(messages: ChatMessage[]): ToolCallPart | undefined {
  return messages.flatMap((m) => m.parts).find((p): p is ToolCallPart => p.type === 'tool-call');
}

const seqs = (events: WireEvent[]): number[] => events.map((e) => e.id);
const oneToN = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe.each(['memory', 'redis'] as const)('tools that need approval (%s store)', (kind) => {
  it('pauses at an approval request, and a decision posted to another replica resumes the same stream: the tool runs once and the answer goes on', async () => {
    const { a, b, sent, model } = setup(kind);
    const { conversationId, stream } = await start(a);
    const request = await stream.until('approval-request');
    expect(request.data).toMatchObject({ toolCallId: 'call_0', name: 'send_email', args: { to: 'ana@example.com' } });
    expect(request.data.expiresAt).toEqual(expect.any(Number));
    expect(sent).toEqual([]);
    // The pending request is where a reload finds it: the generation is in flight, the request in its log.
    expect((await history(b, conversationId)).activeStream).not.toBeNull();

    const decided = await decide(b, conversationId, 'call_0', { approved: true });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ decision: { toolCallId: 'call_0', approved: true, decidedBy: 'user' }, seq: request.id + 1 });

    const events = await stream.rest();
    expect(seqs(events)).toEqual(oneToN(events.length));
    const after = events.slice(events.indexOf(request) + 1).map((e) => e.type);
    expect(after.slice(0, 3)).toEqual(['approval-decision', 'tool-executing', 'tool-result']);
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'stop' } });
    expect(sent).toEqual([{ to: 'ana@example.com' }]);
    expect(model.requests).toHaveLength(2);
    expect(toolPartOf(model.requests[1]?.messages ?? [])).toMatchObject({ state: 'result', approval: { approved: true, decidedBy: 'user' } });

    await a.settled();
    const saved = await history(b, conversationId);
    expect(toolPartOf(saved.messages)).toMatchObject({ state: 'result', result: { sent: true }, approval: { approved: true } });
    expect(saved.messages.at(-1)?.parts.at(-1)).toEqual({ type: 'text', text: 'Email sent to ana@example.com.' });
  });

  it('a denial is not run: the model reads why and answers, and the next prompt works', async () => {
    const { a, b, sent, model } = setup(kind);
    const { conversationId, stream } = await start(a);
    await stream.until('approval-request');
    expect((await decide(b, conversationId, 'call_0', { approved: false, reason: 'Not to Ana' })).status).toBe(200);
    const events = await stream.rest();
    const result = events.find((e) => e.type === 'tool-result');
    expect(result?.data).toEqual({ toolCallId: 'call_0', isError: true, result: { message: 'Not run: the user denied this send_email call. Reason: Not to Ana' }, at: expect.any(Number) });
    expect(events.some((e) => e.type === 'tool-executing')).toBe(false);
    expect(sent).toEqual([]);
    expect(toolPartOf(model.requests[1]?.messages ?? [])).toMatchObject({ state: 'denied', isError: true, approval: { approved: false, reason: 'Not to Ana' } });
    expect(events.at(-1)?.type).toBe('done');

    await a.settled();
    expect(toolPartOf((await history(a, conversationId)).messages)?.state).toBe('denied');
    const next = await start(a, 'Send it to Bo instead', conversationId);
    await next.stream.until('approval-request');
    expect((await decide(a, conversationId, 'call_2', { approved: true })).status).toBe(200);
    expect((await next.stream.rest()).at(-1)?.type).toBe('done');
    expect(sent).toHaveLength(1);
  });

  it('exactly one of two concurrent decisions wins; the other gets 409 with the first decision, now and after the answer ended', async () => {
    const { a, b, sent } = setup(kind);
    const { conversationId, stream } = await start(a);
    await stream.until('approval-request');
    const answers = await Promise.all([decide(a, conversationId, 'call_0', { approved: true }), decide(b, conversationId, 'call_0', { approved: false, reason: 'no' })]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = (await answers.find((r) => r.status === 200)?.json()) as { decision: { approved: boolean } };
    const loser = (await answers.find((r) => r.status === 409)?.json()) as { error: { code: string }; decision: { approved: boolean } };
    expect(loser.error.code).toBe('decision_exists');
    expect(loser.decision.approved).toBe(winner.decision.approved);
    const events = await stream.rest();
    expect(events.filter((e) => e.type === 'approval-decision')).toHaveLength(1);
    expect(sent).toHaveLength(winner.decision.approved ? 1 : 0);

    await a.settled();
    const late = await decide(b, conversationId, 'call_0', { approved: !winner.decision.approved });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: 'decision_exists' }, decision: { approved: winner.decision.approved } });
  });

  it('a decision on a call older than the model context (30 messages later) is still answered 409 with its first decision', async () => {
    const { a, b, store } = setup(kind);
    const { conversationId, stream } = await start(a);
    await stream.until('approval-request');
    expect((await decide(b, conversationId, 'call_0', { approved: false, reason: 'not now' })).status).toBe(200);
    await stream.rest();
    await a.settled();
    const later: ChatMessage[] = Array.from({ length: 30 }, (_, i) => ({ id: `later_${i}`, role: i % 2 ? 'assistant' : 'user', parts: [{ type: 'text', text: `message ${i}` }] }));
    await store().appendMessages(conversationId, later);
    expect((await history(b, conversationId)).messages.length).toBeGreaterThan(30);
    const late = await decide(b, conversationId, 'call_0', { approved: true });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: 'decision_exists' }, decision: { approved: false, reason: 'not now', decidedBy: 'user' } });
    expect((await decide(b, conversationId, 'call_unknown', { approved: true })).status).toBe(404);
  });

  it('times out as not approved, with decidedBy "timeout"; a late decision is refused with it', async () => {
    const { a, b, sent } = setup(kind, { approvalTimeoutMs: 150 });
    const { conversationId, stream } = await start(a);
    await stream.until('approval-request');
    const events = await stream.rest();
    const decision = events.find((e) => e.type === 'approval-decision');
    expect(decision?.data).toMatchObject({ approved: false, decidedBy: 'timeout', reason: 'No decision within 150 ms, so send_email was not run.' });
    expect(events.find((e) => e.type === 'tool-result')?.data).toMatchObject({ isError: true, result: { message: 'Not run: nobody approved this send_email call in time.' } });
    expect(events.at(-1)?.type).toBe('done');
    expect(sent).toEqual([]);
    await a.settled();
    const late = await decide(b, conversationId, 'call_0', { approved: true });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ decision: { approved: false, decidedBy: 'timeout' } });
  });

  it('a stop while awaiting approval ends the call as stopped, then cancelled; nothing runs and a later decision is refused', async () => {
    const { a, b, sent } = setup(kind);
    const { conversationId, stream } = await start(a);
    await stream.until('approval-request');
    expect((await b(cancelRequest(BASE, conversationId))).status).toBe(200);
    const events = await stream.rest();
    const tail = events.slice(-2);
    expect(tail.map((e) => e.type)).toEqual(['approval-decision', 'cancelled']);
    expect(tail[0]?.data).toMatchObject({ approved: false, decidedBy: 'stop' });
    expect(seqs(events)).toEqual(oneToN(events.length));
    await a.settled();
    expect(sent).toEqual([]);
    expect(toolPartOf((await history(b, conversationId)).messages)).toMatchObject({ state: 'denied', approval: { decidedBy: 'stop' } });
    expect((await decide(b, conversationId, 'call_0', { approved: true })).status).toBe(409);
  });
});

describe('the decision route', () => {
  it('checks the body, the tool call id, the owner, and answers 404 for a call that awaits nothing', async () => {
    const { a } = setup('memory', { authorize: (req) => ({ userId: req.headers.get('x-user') ?? 'u1' }) });
    const { conversationId, stream } = await start(a);
    await stream.until('approval-request');
    const bad = await decide(a, conversationId, 'call_0', { approved: 'yes' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'approved' } });
    const long = await decide(a, conversationId, 'call_0', { approved: false, reason: 'x'.repeat(2_001) });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ error: { field: 'reason' } });
    expect((await decide(a, conversationId, 'call_9', { approved: true })).status).toBe(404);
    const stranger = await a(new Request(`${BASE}/api/chat/${conversationId}/tool-calls/call_0/decision`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'x-user': 'mallory' },
      body: '{"approved":true}',
    }));
    expect(stranger.status).toBe(404);
    const notJson = await a(new Request(`${BASE}/api/chat/${conversationId}/tool-calls/call_0/decision`, { method: 'POST', body: '{"approved":true}' }));
    expect(notJson.status).toBe(415);
    expect((await a(new Request(`${BASE}/api/chat/${conversationId}/tool-calls/call_0/decision`))).status).toBe(405);
    // None of these decided anything: the request still waits, and a proper decision wins.
    expect((await decide(a, conversationId, 'call_0', { approved: false })).status).toBe(200);
    expect((await stream.rest()).at(-1)?.type).toBe('done');
  });

  it("needsApproval is given the call's user and conversation; one that throws counts as \"needs approval\"", async () => {
    const seen: Array<{ userId: string; conversationId: string }> = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { a, sent } = setup('memory', {
      authorize: (request: Request) => ({ userId: request.headers.get('x-user') ?? 'guest' }),
      sendEmail: {
        name: 'send_email',
        needsApproval: (_args, context) => {
          seen.push(context);
          if (context.userId === 'broken') throw new Error('rule failed');
          return context.userId !== 'admin';
        },
        execute: (args) => void sent.push(args),
      },
    });
    const as = async (userId: string) => {
      const response = await a(startRequest(BASE, { message: { text: 'Send an email to Ana' } }, { 'x-user': userId }));
      return { conversationId: response.headers.get('x-chatwire-conversation-id') as string, stream: reader(response.body) };
    };
    const admin = await as('admin');
    expect((await admin.stream.rest()).some((e) => e.type === 'approval-request')).toBe(false);
    expect(sent).toHaveLength(1);
    for (const userId of ['guest', 'broken']) {
      const other = await as(userId);
      await other.stream.until('approval-request');
      await a(cancelRequest(BASE, other.conversationId, {}, { 'x-user': userId }));
      await other.stream.rest();
    }
    expect(sent).toHaveLength(1);
    expect(seen).toEqual([
      { userId: 'admin', conversationId: admin.conversationId },
      { userId: 'guest', conversationId: expect.any(String) },
      { userId: 'broken', conversationId: expect.any(String) },
    ]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('needsApproval of tool "send_email" threw'), 'rule failed');
    errors.mockRestore();
  });

  it('needsApproval as a function decides per call (false runs at once); a store without appendOnce is refused up front', async () => {
    const sent: unknown[] = [];
    const { a } = setup('memory', {
      sendEmail: { name: 'send_email', needsApproval: (args) => (args as { to: string }).to !== 'ana@example.com', execute: (args) => void sent.push(args) },
    });
    const { stream } = await start(a);
    const events = await stream.rest();
    expect(events.some((e) => e.type === 'approval-request')).toBe(false);
    expect(sent).toHaveLength(1);

    const { appendOnce: _a, readOnce: _r, ...plain } = createMemoryStore();
    expect(() => createChatHandler({ store: plain, tools: [{ name: 'x', needsApproval: true, execute: () => 1 }] })).toThrow(/"x" need approval, but the store has no appendOnce/);
  });
});
