import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatEvent } from '../../../src/core/events';
import { createOpenAIModel } from '../../../src/server/models/openai';
import { toolRequest } from './conversation';
import { collect, fakeFetch, jsonResponse, openResponse, sse, sseResponse } from './fakeFetch';

const chatStream = sse([
  [null, { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }],
  [null, { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Oslo is ' }, finish_reason: null }] }],
  [null, { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'cloudy.' }, finish_reason: null }] }],
  [null, { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, finish_reason: null }] }],
  [null, { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, finish_reason: null }] }],
  [null, { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Tromsø"}' } }] }, finish_reason: null }] }],
  [null, { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }],
  [null, { id: 'c', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 } }],
  [null, '[DONE]'],
]);

const responsesStream = sse([
  ['response.created', { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', status: 'in_progress', output: [] } }],
  ['response.output_item.added', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { type: 'message', id: 'msg_1', role: 'assistant', content: [] } }],
  ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Bergen: ' }],
  ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 3, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'rain.' }],
  ['response.output_item.done', { type: 'response.output_item.done', sequence_number: 4, output_index: 0, item: { type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'Bergen: rain.' }] } }],
  ['response.completed', { type: 'response.completed', sequence_number: 5, response: { id: 'resp_1', status: 'completed', usage: { input_tokens: 30, output_tokens: 4, total_tokens: 34 } } }],
]);

const strip = (events: ChatEvent[]): ChatEvent[] => events.map(({ seq: _seq, at: _at, ...rest }) => rest as ChatEvent);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createOpenAIModel (Chat Completions)', () => {
  it('posts the conversation, tool calls with their results and the tools as a streaming request', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(chatStream));
    const model = createOpenAIModel({ apiKey: 'sk-test', model: 'gpt-test', system: 'Be brief.', body: { temperature: 0.2 }, fetch });
    await collect(model.stream(toolRequest()));

    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(call.method).toBe('POST');
    expect(call.headers.get('authorization')).toBe('Bearer sk-test');
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(call.body).toEqual({
      model: 'gpt-test',
      temperature: 0.2,
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"tempC":18}' },
        { role: 'assistant', content: 'It is 18°C in Paris.' },
        { role: 'user', content: 'And Oslo and Bergen?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            { id: 'call_3', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Bergen"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_2', content: 'cloudy, 4°C' },
        { role: 'tool', tool_call_id: 'call_3', content: 'Error: station offline' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        },
      ],
    });
  });

  it('turns a recorded stream into text, a tool call and done with usage', async () => {
    const { fetch } = fakeFetch(() => sseResponse(chatStream));
    const model = createOpenAIModel({ apiKey: 'sk-test', fetch });
    const events = strip(await collect(model.stream(toolRequest())));
    expect(events).toEqual([
      { type: 'text-delta', delta: 'Oslo is ' },
      { type: 'text-delta', delta: 'cloudy.' },
      { type: 'tool-call-start', toolCallId: 'call_9', name: 'get_weather' },
      { type: 'tool-call-delta', toolCallId: 'call_9', argsDelta: '{"city":' },
      { type: 'tool-call-delta', toolCallId: 'call_9', argsDelta: '"Tromsø"}' },
      { type: 'tool-call', toolCallId: 'call_9', name: 'get_weather', args: { city: 'Tromsø' } },
      { type: 'done', finishReason: 'tool-calls', usage: { inputTokens: 50, outputTokens: 20, totalTokens: 70 } },
    ]);
  });

  it('turns a 401 into one fatal error event with the status and OpenAI’s message', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(401, { error: { message: 'Incorrect API key provided: sk-bad.', type: 'invalid_request_error', code: 'invalid_api_key' } }, 'Unauthorized'),
    );
    const model = createOpenAIModel({ apiKey: 'sk-bad', fetch });
    const events = await collect(model.stream(toolRequest()));
    expect(events).toHaveLength(1);
    const error = events[0]!;
    expect(error).toMatchObject({ type: 'error', status: 401, code: 'invalid_request_error', retryable: false, fatal: true });
    expect(error.type === 'error' && error.message).toContain('OpenAI answered 401 Unauthorized: Incorrect API key provided: sk-bad.');
    expect(error.type === 'error' && error.message).toContain('OPENAI_API_KEY');
  });

  it('marks 429 and 5xx as retryable and quotes a body that is not JSON', async () => {
    const { fetch } = fakeFetch(() => new Response('upstream connect error', { status: 503 }));
    const model = createOpenAIModel({ apiKey: 'sk', fetch });
    const [error] = await collect(model.stream(toolRequest()));
    expect(error).toMatchObject({ type: 'error', status: 503, code: 'http_503', retryable: true });
    expect(error?.type === 'error' && error.message).toContain('upstream connect error');
  });

  it('turns a network failure into a retryable error naming the URL', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof globalThis.fetch;
    const model = createOpenAIModel({ apiKey: 'sk', baseURL: 'http://127.0.0.1:9/v1/', fetch });
    const [error] = await collect(model.stream(toolRequest()));
    expect(error).toMatchObject({ type: 'error', code: 'network_error', retryable: true });
    expect(error?.type === 'error' && error.message).toContain('http://127.0.0.1:9/v1/chat/completions');
  });

  it('passes the cancel signal to fetch: aborting mid-stream aborts the upstream request and ends quietly', async () => {
    let state = { cancelled: false };
    const { fetch, calls } = fakeFetch((call) => {
      const open = openResponse(call, sse([[null, { id: 'c', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] }]]));
      state = open.state;
      return open.response;
    });
    const controller = new AbortController();
    const model = createOpenAIModel({ apiKey: 'sk', fetch });
    const events: ChatEvent[] = [];
    for await (const event of model.stream(toolRequest(controller.signal))) {
      events.push(event);
      if (event.type === 'text-delta') controller.abort();
    }
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(state.cancelled).toBe(true);
    expect(strip(events)).toEqual([{ type: 'text-delta', delta: 'Hel' }]);
  });

  it('aborts the upstream request when the consumer stops reading', async () => {
    const { fetch, calls } = fakeFetch((call) => openResponse(call, sse([[null, { id: 'c', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] }]])).response);
    const model = createOpenAIModel({ apiKey: 'sk', fetch });
    for await (const event of model.stream(toolRequest())) {
      if (event.type === 'text-delta') break;
    }
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('cancelling while waiting for the provider’s first byte aborts the request and ends quietly', async () => {
    let called!: () => void;
    const fetching = new Promise<void>((resolve) => (called = resolve));
    const { fetch, calls } = fakeFetch(
      (call) =>
        new Promise<Response>((_, reject) => {
          called();
          call.signal.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')), { once: true });
        }),
    );
    const controller = new AbortController();
    const events = collect(createOpenAIModel({ apiKey: 'sk', fetch }).stream(toolRequest(controller.signal)));
    await fetching;
    controller.abort();
    expect(await events).toEqual([]);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('does not call the provider when the generation is already cancelled', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(chatStream));
    const controller = new AbortController();
    controller.abort();
    const events = await collect(createOpenAIModel({ apiKey: 'sk', fetch }).stream(toolRequest(controller.signal)));
    expect(events).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('reads OPENAI_API_KEY, OPENAI_MODEL and OPENAI_BASE_URL, and explains a missing key', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    vi.stubEnv('OPENAI_MODEL', 'gpt-env');
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:1234/v1');
    const { fetch, calls } = fakeFetch(() => sseResponse(chatStream));
    const model = createOpenAIModel({ fetch });
    expect(model.name).toBe('openai:gpt-env');
    await collect(model.stream(toolRequest()));
    expect(calls[0]!.url).toBe('http://127.0.0.1:1234/v1/chat/completions');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer sk-env');
    expect(calls[0]!.body.model).toBe('gpt-env');

    vi.stubEnv('OPENAI_API_KEY', '');
    expect(() => createOpenAIModel({ fetch })).toThrow(/OPENAI_API_KEY/);
  });
});

describe('createOpenAIModel (Responses API)', () => {
  it('posts input items: messages, function_call and function_call_output, and flat function tools', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(responsesStream));
    const model = createOpenAIModel({ apiKey: 'sk', api: 'responses', model: 'gpt-test', system: 'Be brief.', fetch });
    await collect(model.stream(toolRequest()));
    const call = calls[0]!;
    expect(call.url).toBe('https://api.openai.com/v1/responses');
    expect(call.body).toEqual({
      model: 'gpt-test',
      instructions: 'Be brief.',
      stream: true,
      input: [
        { type: 'message', role: 'user', content: 'Weather in Paris?' },
        { type: 'message', role: 'assistant', content: 'Let me check.' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"tempC":18}' },
        { type: 'message', role: 'assistant', content: 'It is 18°C in Paris.' },
        { type: 'message', role: 'user', content: 'And Oslo and Bergen?' },
        { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call', call_id: 'call_3', name: 'get_weather', arguments: '{"city":"Bergen"}' },
        { type: 'function_call_output', call_id: 'call_2', output: 'cloudy, 4°C' },
        { type: 'function_call_output', call_id: 'call_3', output: 'Error: station offline' },
      ],
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          strict: false,
        },
      ],
    });
  });

  it('turns a recorded Responses stream into text and done with usage', async () => {
    const { fetch } = fakeFetch(() => sseResponse(responsesStream));
    const events = strip(await collect(createOpenAIModel({ apiKey: 'sk', api: 'responses', fetch }).stream(toolRequest())));
    expect(events.filter((event) => event.type === 'text-delta')).toEqual([
      { type: 'text-delta', delta: 'Bergen: ' },
      { type: 'text-delta', delta: 'rain.' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'done', usage: { inputTokens: 30, outputTokens: 4, totalTokens: 34 } });
    expect(events.some((event) => event.type === 'error')).toBe(false);
  });

  it('rejects an unknown api with a clear message', () => {
    expect(() => createOpenAIModel({ apiKey: 'sk', api: 'completions' as 'chat' })).toThrow(/api must be 'chat' or 'responses', received "completions"/);
  });
});
