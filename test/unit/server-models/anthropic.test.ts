import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatEvent } from '../../../src/core/events';
import type { ChatMessage } from '../../../src/core/session/types';
import { createAnthropicModel } from '../../../src/server/models/anthropic';
import { toolRequest, weatherTool } from './conversation';
import { collect, fakeFetch, jsonResponse, openResponse, sse, sseResponse } from './fakeFetch';

const usage = { input_tokens: 40, output_tokens: 1 };

/** A recorded answer: thinking with its signature, a sentence, then one tool call. */
const thinkingToolStream = sse([
  ['message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-test', usage } }],
  ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Need the weather ' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'tool.' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBsig==' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 0 }],
  ['ping', { type: 'ping' }],
  ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Checking Oslo.' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 1 }],
  ['content_block_start', { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }],
  ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"city": ' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '"Oslo"}' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 2 }],
  ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 60 } }],
  ['message_stop', { type: 'message_stop' }],
]);

const strip = (events: ChatEvent[]): ChatEvent[] => events.map(({ seq: _seq, at: _at, ...rest }) => rest as ChatEvent);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createAnthropicModel', () => {
  it('posts messages with tool_use / tool_result blocks, input_schema tools and the API headers', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(thinkingToolStream));
    const model = createAnthropicModel({ apiKey: 'sk-ant', model: 'claude-test', maxTokens: 1000, system: 'Be brief.', fetch });
    await collect(model.stream(toolRequest()));

    const call = calls[0]!;
    expect(call.url).toBe('https://api.anthropic.com/v1/messages');
    expect(call.method).toBe('POST');
    expect(call.headers.get('x-api-key')).toBe('sk-ant');
    expect(call.headers.get('anthropic-version')).toBe('2023-06-01');
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(call.body).toEqual({
      model: 'claude-test',
      max_tokens: 1000,
      system: 'Be brief.',
      stream: true,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '{"tempC":18}' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'It is 18°C in Paris.' }] },
        { role: 'user', content: [{ type: 'text', text: 'And Oslo and Bergen?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Oslo' } },
            { type: 'tool_use', id: 'call_3', name: 'get_weather', input: { city: 'Bergen' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_2', content: 'cloudy, 4°C' },
            { type: 'tool_result', tool_use_id: 'call_3', content: 'Error: station offline', is_error: true },
          ],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
    });
    expect(call.body.thinking).toBeUndefined();
  });

  it('merges consecutive turns of one role and drops empty text', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(thinkingToolStream));
    const messages: ChatMessage[] = [
      { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'First' }] },
      { id: 'a1', role: 'assistant', parts: [{ type: 'error', message: 'failed' }] },
      { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Second' }] },
      { id: 'u3', role: 'user', parts: [{ type: 'text', text: '   ' }] },
    ];
    await collect(createAnthropicModel({ apiKey: 'k', fetch }).stream({ conversationId: 'c', messages, tools: [], signal: new AbortController().signal }));
    expect(calls[0]!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'First' }, { type: 'text', text: 'Second' }] },
    ]);
    expect(calls[0]!.body.tools).toBeUndefined();
  });

  it('turns a recorded stream into reasoning, text, a tool call and done', async () => {
    const { fetch } = fakeFetch(() => sseResponse(thinkingToolStream));
    const events = strip(await collect(createAnthropicModel({ apiKey: 'k', fetch }).stream(toolRequest())));
    expect(events).toEqual([
      { type: 'reasoning-delta', delta: 'Need the weather ' },
      { type: 'reasoning-delta', delta: 'tool.' },
      { type: 'text-delta', delta: 'Checking Oslo.' },
      { type: 'tool-call-start', toolCallId: 'toolu_1', name: 'get_weather' },
      { type: 'tool-call-delta', toolCallId: 'toolu_1', argsDelta: '{"city": ' },
      { type: 'tool-call-delta', toolCallId: 'toolu_1', argsDelta: '"Oslo"}' },
      { type: 'tool-call', toolCallId: 'toolu_1', name: 'get_weather', args: { city: 'Oslo' } },
      { type: 'done', finishReason: 'tool-calls', usage: { inputTokens: 40, outputTokens: 60, totalTokens: 100 } },
    ]);
  });

  it('with thinking on, sends the signed thinking block back before the tool_use in the next step', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(thinkingToolStream));
    const model = createAnthropicModel({ apiKey: 'k', thinking: { budgetTokens: 1500 }, maxTokens: 3000, fetch });
    const user: ChatMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Weather in Oslo?' }] };
    await collect(model.stream({ conversationId: 'c', messages: [user], tools: [weatherTool], signal: new AbortController().signal }));
    expect(calls[0]!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 1500 });
    expect(calls[0]!.body.max_tokens).toBe(3000);

    const assistant: ChatMessage = {
      id: 'a1',
      role: 'assistant',
      parts: [
        { type: 'reasoning', text: 'Need the weather tool.' },
        { type: 'text', text: 'Checking Oslo.' },
        { type: 'tool-call', toolCallId: 'toolu_1', name: 'get_weather', argsText: '{"city": "Oslo"}', args: { city: 'Oslo' }, state: 'result', result: { tempC: 4 } },
      ],
    };
    const next = { conversationId: 'c', messages: [user, assistant], tools: [weatherTool], signal: new AbortController().signal };
    await collect(model.stream(next));
    expect(calls[1]!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Need the weather tool.', signature: 'EqQBsig==' },
          { type: 'text', text: 'Checking Oslo.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '{"tempC":4}' }] },
    ]);

    // Another process never saw the signature: the unsigned reasoning is left out, never forged.
    const { fetch: otherFetch, calls: otherCalls } = fakeFetch(() => sseResponse(thinkingToolStream));
    await collect(createAnthropicModel({ apiKey: 'k', thinking: true, fetch: otherFetch }).stream(next));
    expect(otherCalls[0]!.body.messages[1].content.map((block: { type: string }) => block.type)).toEqual(['text', 'tool_use']);
  });

  it('refuses a thinking budget the API would reject', () => {
    expect(() => createAnthropicModel({ apiKey: 'k', thinking: { budgetTokens: 5000 }, maxTokens: 4096 })).toThrow(
      /budgetTokens must be an integer from 1024 to maxTokens - 1 \(4095\), received 5000/,
    );
    expect(() => createAnthropicModel({ apiKey: 'k', thinking: { budgetTokens: 100 } })).toThrow(/received 100/);
  });

  it('turns 529 overloaded into a retryable error event with the status and Anthropic’s message', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    const events = await collect(createAnthropicModel({ apiKey: 'k', fetch }).stream(toolRequest()));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', status: 529, code: 'overloaded_error', retryable: true, fatal: true });
    expect(events[0]?.type === 'error' && events[0].message).toMatch(/^Anthropic answered 529: Overloaded\. .*try again later/);
  });

  it('turns 401 into a non-retryable error that points at ANTHROPIC_API_KEY', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }, 'Unauthorized'),
    );
    const [error] = await collect(createAnthropicModel({ apiKey: 'bad', fetch }).stream(toolRequest()));
    expect(error).toMatchObject({ type: 'error', status: 401, code: 'authentication_error', retryable: false });
    expect(error?.type === 'error' && error.message).toContain('Anthropic answered 401 Unauthorized: invalid x-api-key');
    expect(error?.type === 'error' && error.message).toContain('ANTHROPIC_API_KEY');
  });

  it('passes an error event in the stream through', async () => {
    const body = sse([
      ['message_start', { type: 'message_start', message: { id: 'm', usage } }],
      ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
    ]);
    const { fetch } = fakeFetch(() => sseResponse(body));
    const events = strip(await collect(createAnthropicModel({ apiKey: 'k', fetch }).stream(toolRequest())));
    expect(events).toEqual([{ type: 'error', message: 'Overloaded', code: 'overloaded_error', retryable: true }]);
  });

  it('aborting the generation aborts the upstream fetch', async () => {
    let state = { cancelled: false };
    const first = sse([
      ['message_start', { type: 'message_start', message: { id: 'm', usage } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } }],
    ]);
    const { fetch, calls } = fakeFetch((call) => {
      const open = openResponse(call, first);
      state = open.state;
      return open.response;
    });
    const controller = new AbortController();
    const events: ChatEvent[] = [];
    for await (const event of createAnthropicModel({ apiKey: 'k', fetch }).stream(toolRequest(controller.signal))) {
      events.push(event);
      controller.abort();
    }
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(state.cancelled).toBe(true);
    expect(strip(events)).toEqual([{ type: 'text-delta', delta: 'Hel' }]);
  });

  it('reads ANTHROPIC_API_KEY and explains a missing key', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-env');
    vi.stubEnv('ANTHROPIC_MODEL', '');
    const { fetch, calls } = fakeFetch(() => sseResponse(thinkingToolStream));
    const model = createAnthropicModel({ fetch, baseURL: 'http://127.0.0.1:4010/' });
    expect(model.name).toBe('anthropic:claude-sonnet-4-5');
    await collect(model.stream(toolRequest()));
    expect(calls[0]!.url).toBe('http://127.0.0.1:4010/v1/messages');
    expect(calls[0]!.headers.get('x-api-key')).toBe('sk-env');
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    expect(() => createAnthropicModel({ fetch })).toThrow(/no API key\. Pass \{ apiKey \} or set ANTHROPIC_API_KEY/);
  });
});

describe('createAnthropicModel history window', () => {
  it('opens with a user turn: a window that starts at an assistant message drops it and its tool results', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(thinkingToolStream));
    const [, assistant, user2, assistant2] = toolRequest().messages;
    const window = [assistant!, user2!, assistant2!];
    await collect(createAnthropicModel({ apiKey: 'k', fetch }).stream({ conversationId: 'c', messages: window, tools: [], signal: new AbortController().signal }));
    const sent = calls[0]!.body.messages as { role: string; content: { type: string }[] }[];
    expect(sent[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'And Oslo and Bergen?' }] });
    expect(sent.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  });
});
