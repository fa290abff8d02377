/**
 * Tools the page runs (`clientTools` of the start request): the generation pauses at
 * `tool-executing`, the result route records exactly one result (any replica), and the
 * same generation goes on. Memory store and a real Redis (two replicas).
 */
import type { ChatEvent } from '../../../src/core/events';
import type { ToolCallPart } from '../../../src/core/session/types';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import type { ModelRequest } from '../../../src/server/types';
import { redisSuite } from '../../support/redisSuite';
import { scriptedModel, startRequest, streamReader } from '../server/sseTestKit';

const BASE = 'http://chat.test';
const redis = redisSuite();

const getTime = { name: 'get_time', description: "The browser's local time", parameters: { type: 'object', properties: {} } };

/** `hold`: the answer after the result waits for it (the generation is still in flight meanwhile). */
function timeModel(hold?: Promise<void>) {
  return scriptedModel(async function* (request: ModelRequest): AsyncGenerator<ChatEvent> {
    const last = request.messages.at(-1);
    const call = last?.role === 'assistant' ? last.parts.find((p): p is ToolCallPart => p.type === 'tool-call') : undefined;
    if (!call) {
      yield { type: 'tool-call', toolCallId: 'call_t', name: 'get_time', args: {} };
      yield { type: 'done', finishReason: 'tool-calls' };
      return;
    }
    await hold;
    yield { type: 'text-delta', delta: call.state === 'result' ? `It is ${String((call.result as { time: string }).time)}.` : `No time: ${JSON.stringify(call.result)}` };
    yield { type: 'done', finishReason: 'stop' };
  });
}

function setup(kind: 'memory' | 'redis', extra: Parameters<typeof createChatHandler>[0] = {}, hold?: Promise<void>) {
  const model = timeModel(hold);
  const store = redis.sharedStore(kind);
  const make = (): ChatHandler => redis.handler({ model, tools: [], store: store(), ...extra });
  return { a: make(), b: make(), model };
}

function claim(chat: ChatHandler, conversationId: string, toolCallId: string, body: unknown): Promise<Response> {
  return chat(new Request(`${BASE}/api/chat/${conversationId}/tool-calls/${toolCallId}/claim`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }));
}

function postResult(chat: ChatHandler, conversationId: string, toolCallId: string, body: unknown): Promise<Response> {
  return chat(new Request(`${BASE}/api/chat/${conversationId}/tool-calls/${toolCallId}/result`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }));
}

describe.each(['memory', 'redis'] as const)('tools the page runs (%s store)', (kind) => {
  it('the model gets the page tool, the answer waits at tool-executing, and one posted result (another replica) goes on; a second is refused', async () => {
    let release!: () => void;
    const { a, b, model } = setup(kind, {}, new Promise<void>((resolve) => (release = resolve)));
    const started = await a(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools: [getTime] }));
    expect(started.status).toBe(200);
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    const executing = await stream.until('tool-executing');
    expect(executing.data).toMatchObject({ toolCallId: 'call_t' });
    expect(model.requests[0]?.tools.map((t) => t.name)).toEqual(['get_time']);

    const posted = await postResult(b, conversationId, 'call_t', { result: { time: '14:05' } });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toEqual({ seq: executing.id + 1 });
    const again = await postResult(a, conversationId, 'call_t', { result: { time: '14:06' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'result_exists' } });
    release();

    const events = await stream.rest();
    expect(events.filter((e) => e.type === 'tool-result')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'text-delta').map((e) => e.data.delta).join('')).toBe('It is 14:05.');
    expect(events.at(-1)?.type).toBe('done');
    await a.settled();
    expect((await postResult(a, conversationId, 'call_t', { result: 1 })).status).toBe(404);
  });

  it('two devices claim the call at once on two replicas: exactly one claim is written, the other gets 409 with it; the claim is in the log and the history', async () => {
    const { a, b } = setup(kind);
    const started = await a(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools: [getTime] }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    const executing = await stream.until('tool-executing');
    expect(executing.data).toMatchObject({ toolCallId: 'call_t', runsOn: 'page' });

    const answers = await Promise.all([claim(a, conversationId, 'call_t', { device: 'laptop' }), claim(b, conversationId, 'call_t', { device: 'phone' })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = (await answers.find((r) => r.status === 200)?.json()) as { claim: { by: string }; seq: number };
    const lost = (await answers.find((r) => r.status === 409)?.json()) as { error: { code: string }; claim: { by: string } };
    expect(lost.error.code).toBe('claim_exists');
    expect(lost.claim.by).toBe(won.claim.by);
    // The claimant again (a reload on that device) is told the claim is its own.
    expect(await (await claim(b, conversationId, 'call_t', { device: won.claim.by })).json()).toMatchObject({ error: { code: 'claim_exists' }, claim: { by: won.claim.by } });

    expect((await postResult(b, conversationId, 'call_t', { result: { time: '14:05' } })).status).toBe(200);
    expect((await claim(a, conversationId, 'call_t', { device: 'tablet' })).status).toBe(409);
    const events = await stream.rest();
    expect(events.filter((e) => e.type === 'tool-claim').map((e) => e.data)).toEqual([expect.objectContaining({ toolCallId: 'call_t', by: won.claim.by })]);
    expect(events.at(-1)?.type).toBe('done');
    await a.settled();
    const history = (await (await b(new Request(`${BASE}/api/chat/${conversationId}/messages`))).json()) as { messages: Array<{ parts: ToolCallPart[] }> };
    expect(history.messages.flatMap((m) => m.parts).find((p) => p.type === 'tool-call')).toMatchObject({ runsOn: 'page', claimedBy: won.claim.by, state: 'result' });
    expect((await claim(a, conversationId, 'call_t', { device: 'laptop' })).status).toBe(404);
  });

  it('only the claimant can note its run interrupted (once); the note is in the log and every reader folds it', async () => {
    const { a, b } = setup(kind);
    const started = await a(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools: [getTime] }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    await stream.until('tool-executing');
    expect((await claim(b, conversationId, 'call_t', { device: 'laptop', interrupted: true })).status).toBe(409);
    expect((await claim(a, conversationId, 'call_t', { device: 'laptop' })).status).toBe(200);
    expect((await claim(b, conversationId, 'call_t', { device: 'phone', interrupted: true })).status).toBe(409);
    const first = (await (await claim(b, conversationId, 'call_t', { device: 'laptop', interrupted: true })).json()) as { seq: number };
    expect(await (await claim(a, conversationId, 'call_t', { device: 'laptop', interrupted: true })).json()).toEqual(first);
    expect((await postResult(b, conversationId, 'call_t', { result: { message: 'interrupted' }, isError: true })).status).toBe(200);
    const events = await stream.rest();
    expect(events.filter((e) => e.type === 'tool-claim').map((e) => e.data)).toEqual([
      expect.objectContaining({ by: 'laptop' }),
      expect.objectContaining({ by: 'laptop', interrupted: true }),
    ]);
    await a.settled();
  });

  it('an interrupted run waits for one choice from any device: a second is refused with the first; "rerun" hands the call to the chooser, whose own interrupted run can be noted and answered again', async () => {
    const { a, b } = setup(kind);
    const started = await a(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools: [getTime] }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    await stream.until('tool-executing');
    expect((await claim(a, conversationId, 'call_t', { device: 'laptop' })).status).toBe(200);
    // Nothing to choose while the run goes on.
    const early = await claim(b, conversationId, 'call_t', { device: 'phone', choice: 'rerun' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: 'not_interrupted' }, claim: { by: 'laptop' } });
    expect((await claim(a, conversationId, 'call_t', { device: 'laptop', interrupted: true })).status).toBe(200);

    // The laptop (the claimant) and the phone answer at once, on two replicas: exactly one choice is written.
    const answers = await Promise.all([
      claim(a, conversationId, 'call_t', { device: 'laptop', choice: 'rerun' }),
      claim(b, conversationId, 'call_t', { device: 'phone', choice: 'rerun' }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = (await answers.find((r) => r.status === 200)?.json()) as { claim: { by: string }; seq: number };
    const lost = (await answers.find((r) => r.status === 409)?.json()) as { error: { code: string }; choice: { by: string; choice: string } };
    expect(lost).toMatchObject({ error: { code: 'choice_exists' }, choice: { by: won.claim.by, choice: 'rerun' } });
    const other = won.claim.by === 'laptop' ? 'phone' : 'laptop';
    // The chooser runs it now: only it may note this run interrupted; the other device may not.
    expect((await claim(a, conversationId, 'call_t', { device: other, interrupted: true })).status).toBe(409);
    expect((await claim(b, conversationId, 'call_t', { device: won.claim.by, choice: 'report' })).status).toBe(409);
    expect((await claim(b, conversationId, 'call_t', { device: won.claim.by, interrupted: true })).status).toBe(200);
    const report = await claim(a, conversationId, 'call_t', { device: other, choice: 'report' });
    expect(report.status).toBe(200);
    // The report is the call's one result, written by the server: no page result is taken after it.
    // (409 while the answer still runs, 404 once it ended.)
    expect([409, 404]).toContain((await postResult(b, conversationId, 'call_t', { result: { time: '14:05' } })).status);
    expect([409, 404]).toContain((await claim(b, conversationId, 'call_t', { device: won.claim.by, choice: 'rerun' })).status);

    const events = await stream.rest();
    expect(events.filter((e) => e.type === 'tool-claim').map((e) => e.data)).toEqual([
      expect.objectContaining({ by: 'laptop' }),
      expect.objectContaining({ by: 'laptop', interrupted: true }),
      expect.objectContaining({ by: won.claim.by, choice: 'rerun' }),
      expect.objectContaining({ by: won.claim.by, interrupted: true }),
      expect.objectContaining({ by: other, choice: 'report' }),
    ]);
    expect(events.filter((e) => e.type === 'tool-result').map((e) => e.data)).toEqual([
      expect.objectContaining({ isError: true, result: { message: 'The run of this call in the page was interrupted by a reload, and the user chose not to run it again.' } }),
    ]);
    expect(events.filter((e) => e.type === 'text-delta').map((e) => e.data.delta).join('')).toMatch(/^No time: .*interrupted by a reload/);
    await a.settled();
    const history = (await (await b(new Request(`${BASE}/api/chat/${conversationId}/messages`))).json()) as { messages: Array<{ parts: ToolCallPart[] }> };
    // Every reader folds the same: the run moved to the chooser, then was reported.
    expect(history.messages.flatMap((m) => m.parts).find((p) => p.type === 'tool-call')).toMatchObject({ claimedBy: won.claim.by, interrupted: true, state: 'error' });
  });

  it('a chosen run of a call the page then runs: its result is taken once; a bad choice is refused naming the field', async () => {
    const { a, b } = setup(kind);
    const started = await a(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools: [getTime] }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    await stream.until('tool-executing');
    const bad = await claim(a, conversationId, 'call_t', { device: 'phone', choice: 'later' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', field: 'choice' } });
    await claim(a, conversationId, 'call_t', { device: 'laptop' });
    await claim(a, conversationId, 'call_t', { device: 'laptop', interrupted: true });
    expect(await (await claim(b, conversationId, 'call_t', { device: 'phone', choice: 'rerun' })).json()).toMatchObject({ claim: { by: 'phone' } });
    expect((await postResult(b, conversationId, 'call_t', { result: { time: '16:20' } })).status).toBe(200);
    expect((await postResult(a, conversationId, 'call_t', { result: { time: '16:21' } })).status).toBe(409);
    const events = await stream.rest();
    expect(events.filter((e) => e.type === 'text-delta').map((e) => e.data.delta).join('')).toBe('It is 16:20.');
    await a.settled();
  });

  it('a page that never answers: an error result after clientToolTimeoutMs, and the answer goes on', async () => {
    const { a } = setup(kind, { clientToolTimeoutMs: 100 });
    const started = await a(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools: [getTime] }));
    const events = await streamReader(started.body).rest();
    expect(events.find((e) => e.type === 'tool-result')?.data).toMatchObject({ isError: true, result: { message: 'The page did not run get_time within 100 ms.' } });
    expect(events.at(-1)?.type).toBe('done');
  });
});

describe('the claim route', () => {
  it('checks the body and the tool call id, and answers 404 for a call that waits for no page', async () => {
    const chat = redis.handler({ model: timeModel(), tools: [] });
    const started = await chat(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools: [getTime] }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    await stream.until('tool-executing');
    for (const body of [{}, { device: '' }, { device: 'has space' }, { device: 7 }, ['laptop']]) {
      const response = await claim(chat, conversationId, 'call_t', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request', field: 'device' } });
    }
    expect((await claim(chat, conversationId, 'bad id!', { device: 'laptop' })).status).toBe(400);
    expect(await (await claim(chat, conversationId, 'call_other', { device: 'laptop' })).json()).toMatchObject({ error: { code: 'tool_call_not_found' } });
    expect((await claim(chat, conversationId, 'call_t', { device: 'laptop' })).status).toBe(200);
    expect((await postResult(chat, conversationId, 'call_t', { result: { time: '9:00' } })).status).toBe(200);
    await stream.rest();
  });
});

describe('clientTools in the start body', () => {
  it('refuses a name a server tool has, more than 16 tools, and a malformed one, naming the field', async () => {
    const chat = redis.handler({ model: timeModel(), tools: [{ name: 'get_time', execute: () => 1 }] });
    const refused = async (clientTools: unknown, field: string) => {
      const response = await chat(startRequest(BASE, { message: { text: 'hi' }, clientTools }));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { field } });
    };
    await refused([getTime], 'clientTools[0].name');
    await refused(Array.from({ length: 17 }, (_, i) => ({ name: `t${i}` })), 'clientTools');
    await refused([{ name: 'ok' }, { name: 'bad name' }], 'clientTools[1].name');
    await refused([{ name: 'ok', parameters: 'x' }], 'clientTools[0].parameters');
  });
});
