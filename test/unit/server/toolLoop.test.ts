import type { ChatEvent } from '../../../src/core/events';
import type { ToolCallPart } from '../../../src/core/session/types';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createMockModel } from '../../../src/server/models/mock';
import type { ModelRequest, ToolDefinition } from '../../../src/server/types';
import { cancelRequest, deferred, readEvents, scriptedModel, startRequest, textOf } from './sseTestKit';

const BASE = 'http://chat.test';
let handler: ChatHandler | undefined;
afterEach(async () => {
  await handler?.close();
  handler = undefined;
});

function toolCall(toolCallId: string, name: string, args: unknown): ChatEvent[] {
  return [
    { type: 'tool-call-start', toolCallId, name },
    { type: 'tool-call-delta', toolCallId, argsDelta: JSON.stringify(args) },
    { type: 'tool-call', toolCallId, name, args },
  ];
}

function toolParts(request: ModelRequest | undefined): ToolCallPart[] {
  const last = request?.messages.at(-1);
  return (last?.parts ?? []).filter((p): p is ToolCallPart => p.type === 'tool-call');
}

describe('tool step loop', () => {
  it('runs the step tool calls in parallel, reports a failing tool as isError, and calls the model again with the results', async () => {
    const bStarted = deferred();
    const order: string[] = [];
    const tools: ToolDefinition[] = [
      {
        name: 'slow_a',
        execute: async (args) => {
          order.push('a:start');
          // Only finishes once b has started: a sequential loop would never get there.
          const parallel = await Promise.race([bStarted.promise.then(() => true), new Promise((r) => setTimeout(() => r(false), 2000))]);
          order.push('a:end');
          return { got: args, parallel };
        },
      },
      {
        name: 'b',
        execute: () => {
          order.push('b:start');
          bStarted.resolve();
          throw new Error('b exploded: upstream said 503');
        },
      },
    ];
    const model = scriptedModel(async function* (_request, call) {
      if (call === 0) {
        yield* toolCall('t1', 'slow_a', { q: 1 });
        yield* toolCall('t2', 'b', {});
        yield { type: 'done', finishReason: 'tool-calls', usage: { inputTokens: 10, outputTokens: 3 } };
      } else {
        yield { type: 'text-delta', delta: 'Both tools answered.' };
        yield { type: 'done', finishReason: 'stop', usage: { inputTokens: 20, outputTokens: 4 } };
      }
    });
    handler = createChatHandler({ model, tools });
    const events = await readEvents((await handler(startRequest(BASE, { message: { text: 'go' } }))).body);
    const types = events.map((e) => e.type);
    // Both tool-executing before any tool-result.
    expect(types.lastIndexOf('tool-executing')).toBeLessThan(types.indexOf('tool-result'));
    expect(order.slice(0, 2).sort()).toEqual(['a:start', 'b:start']);
    const results = events.filter((e) => e.type === 'tool-result');
    expect(results.find((r) => r.data.toolCallId === 't1')?.data).toEqual({ toolCallId: 't1', result: { got: { q: 1 }, parallel: true }, at: expect.any(Number) });
    expect(results.find((r) => r.data.toolCallId === 't2')?.data).toEqual({
      at: expect.any(Number),
      toolCallId: 't2',
      isError: true,
      result: { message: 'b exploded: upstream said 503' },
    });
    // The second model call sees both calls with their outcomes.
    expect(model.requests).toHaveLength(2);
    const parts = toolParts(model.requests[1]);
    expect(parts.map((p) => [p.toolCallId, p.state, p.isError])).toEqual([
      ['t1', 'result', false],
      ['t2', 'error', true],
    ]);
    expect(model.requests[1]?.messages.at(-2)).toMatchObject({ role: 'user', parts: [{ type: 'text', text: 'go' }] });
    expect(textOf(events)).toBe('Both tools answered.');
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'stop', usage: { inputTokens: 30, outputTokens: 7 } } });
  });

  it('stops after maxSteps model calls with finishReason max-steps', async () => {
    let n = 0;
    const model = scriptedModel(async function* () {
      yield* toolCall(`t${n++}`, 'echo', { n });
      yield { type: 'done', finishReason: 'tool-calls' };
    });
    handler = createChatHandler({ model, tools: [{ name: 'echo', execute: (a) => a }], maxSteps: 3 });
    const events = await readEvents((await handler(startRequest(BASE, { message: { text: 'loop' } }))).body);
    expect(model.requests).toHaveLength(3);
    expect(events.filter((e) => e.type === 'tool-result')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'max-steps' } });
  });

  it('answers an unknown tool with an error result, and stops for a client-side tool (no execute)', async () => {
    const model = scriptedModel(async function* (_r, call) {
      if (call === 0) {
        yield* toolCall('x', 'does_not_exist', {});
        yield { type: 'done', finishReason: 'tool-calls' };
      } else {
        yield* toolCall('y', 'ask_user', { question: 'Which one?' });
        yield { type: 'done', finishReason: 'tool-calls' };
      }
    });
    handler = createChatHandler({ model, tools: [{ name: 'ask_user', description: 'runs in the browser' }] });
    const events = await readEvents((await handler(startRequest(BASE, { message: { text: 'x' } }))).body);
    const unknown = events.find((e) => e.type === 'tool-result');
    expect(unknown?.data).toMatchObject({ toolCallId: 'x', isError: true, result: { message: expect.stringContaining('No tool named "does_not_exist"') } });
    expect(events.some((e) => e.type === 'tool-executing' && e.data.toolCallId === 'y')).toBe(false);
    expect(model.requests).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'tool-calls' } });
  });

  it('turns a model that throws into an error event and keeps the partial answer', async () => {
    const model = scriptedModel(async function* () {
      yield { type: 'text-delta', delta: 'Half an ans' };
      throw new Error('socket hang up');
    });
    handler = createChatHandler({ model, tools: [] });
    const res = await handler(startRequest(BASE, { message: { text: 'x' } }));
    const events = await readEvents(res.body);
    expect(events.at(-1)).toMatchObject({ type: 'error', data: { code: 'model_error', retryable: true, message: expect.stringContaining('socket hang up') } });
    const id = res.headers.get('x-chatwire-conversation-id');
    const history = (await (await handler(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: Array<{ parts: unknown[]; finishReason?: string }> };
    expect(history.messages[1]).toMatchObject({ finishReason: 'error', parts: [{ type: 'text', text: 'Half an ans' }, { type: 'error', code: 'model_error' }] });
  });

  it('cancel stops a model that ignores its signal, and aborts running tools', async () => {
    const toolSignal = deferred<AbortSignal>();
    const model = scriptedModel(async function* () {
      yield* toolCall('t', 'wait_forever', {});
      yield { type: 'done', finishReason: 'tool-calls' };
    });
    const tools: ToolDefinition[] = [
      {
        name: 'wait_forever',
        execute: (_a, { signal }) => {
          toolSignal.resolve(signal);
          return new Promise(() => undefined);
        },
      },
    ];
    handler = createChatHandler({ model, tools });
    const res = await handler(startRequest(BASE, { message: { text: 'x' } }));
    const signal = await toolSignal.promise;
    const id = res.headers.get('x-chatwire-conversation-id');
    await handler(cancelRequest(BASE, id, { streamId: res.headers.get('x-chatwire-stream-id') }));
    const events = await readEvents(res.body);
    expect(signal.aborted).toBe(true);
    expect(events.at(-1)?.type).toBe('cancelled');
    expect(events.some((e) => e.type === 'tool-result')).toBe(false);
  });

  it('the default mock runs its demo tools end to end and cites their data', async () => {
    const model = createMockModel({ delayMs: 0 });
    handler = createChatHandler({ model });
    const events = await readEvents((await handler(startRequest(BASE, { message: { text: 'weather in Rome and Madrid' } }))).body);
    const results = events.filter((e) => e.type === 'tool-result');
    expect(results).toHaveLength(2);
    expect(results.every((r) => !r.data.isError)).toBe(true);
    const rome = results.map((r) => r.data.result as { city: string; tempC: number }).find((r) => r.city === 'Rome');
    expect(textOf(events)).toContain(`| Rome | ${rome?.tempC} °C |`);
    expect(model.calls).toBe(2);
  });
});
