import { afterEach, describe, expect, it } from 'vitest';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createAnthropicModel } from '../../../src/server/models/anthropic';
import { createOpenAIModel } from '../../../src/server/models/openai';
import type { ToolDefinition } from '../../../src/server/types';
import { readEvents, startRequest, streamReader, textOf } from '../server/sseTestKit';
import { fakeFetch, sse, sseResponse } from './fakeFetch';

const BASE = 'http://chat.test';
let handler: ChatHandler | undefined;

afterEach(async () => {
  await handler?.close();
  handler = undefined;
});

const lookup: ToolDefinition = {
  name: 'lookup',
  description: 'Looks a word up',
  parameters: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
  execute: (args) => ({ meaning: `the meaning of ${(args as { word: string }).word}` }),
};

describe('bridges inside the handler’s tool loop', () => {
  it('OpenAI: the second call carries the tool call and the result the server computed', async () => {
    // Counts the answer's calls only: no title request (titles: false).
    const { fetch, calls } = fakeFetch((call) =>
      sseResponse(
        calls.length === 1
          ? sse([
              [null, { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'lookup', arguments: '{"word":"wire"}' } }] }, finish_reason: null }] }],
              [null, { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }],
              [null, '[DONE]'],
            ])
          : sse([
              [null, { choices: [{ index: 0, delta: { content: `Found: ${JSON.stringify(call.body.messages.at(-1))}` }, finish_reason: null }] }],
              [null, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }],
              [null, '[DONE]'],
            ]),
      ),
    );
    handler = createChatHandler({ model: createOpenAIModel({ apiKey: 'sk', fetch, titles: false }), tools: [lookup] });
    const events = await readEvents((await handler(startRequest(BASE, { message: { text: 'What is a wire?' } }))).body);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.messages).toEqual([
      { role: 'user', content: 'What is a wire?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'lookup', arguments: '{"word":"wire"}' } }] },
      { role: 'tool', tool_call_id: 'call_a', content: '{"meaning":"the meaning of wire"}' },
    ]);
    expect(events.find((event) => event.type === 'tool-result')).toMatchObject({ data: { toolCallId: 'call_a', result: { meaning: 'the meaning of wire' } } });
    expect(textOf(events)).toBe('Found: {"role":"tool","tool_call_id":"call_a","content":"{\\"meaning\\":\\"the meaning of wire\\"}"}');
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { finishReason: 'stop' } });
  });

  it('Anthropic with thinking: the second call repeats the signed thinking block before tool_use', async () => {
    const step1 = sse([
      ['message_start', { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 5, output_tokens: 1 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Look it up.' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig-1' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_a', name: 'lookup', input: {} } }],
      ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"word":"wire"}' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 1 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }],
      ['message_stop', { type: 'message_stop' }],
    ]);
    const step2 = sse([
      ['message_start', { type: 'message_start', message: { id: 'msg_2', usage: { input_tokens: 9, output_tokens: 1 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'A wire carries current.' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } }],
      ['message_stop', { type: 'message_stop' }],
    ]);
    const { fetch, calls } = fakeFetch(() => sseResponse(calls.length === 1 ? step1 : step2));
    handler = createChatHandler({ model: createAnthropicModel({ apiKey: 'k', thinking: true, fetch, titles: false }), tools: [lookup] });
    const events = await readEvents((await handler(startRequest(BASE, { message: { text: 'What is a wire?' } }))).body);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What is a wire?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Look it up.', signature: 'sig-1' },
          { type: 'tool_use', id: 'toolu_a', name: 'lookup', input: { word: 'wire' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: '{"meaning":"the meaning of wire"}' }] },
    ]);
    expect(textOf(events)).toBe('A wire carries current.');
  });

  const post = (conversationId: string, path: string, body: unknown) =>
    handler!(new Request(`${BASE}/api/chat/${conversationId}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const openaiText = (text: string) => sse([[null, { choices: [{ index: 0, delta: { content: text }, finish_reason: null }] }], [null, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }], [null, '[DONE]']]);

  it('OpenAI Chat: a denied call is answered with its denial; the model goes on, and the next prompt sends a history the API accepts', async () => {
    const sendEmail: ToolDefinition = { name: 'send_email', needsApproval: true, execute: () => ({ sent: true }) };
    const { fetch, calls } = fakeFetch(() =>
      sseResponse(
        calls.length === 1
          ? sse([
              [null, { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_e', type: 'function', function: { name: 'send_email', arguments: '{"to":"bo@example.com"}' } }] }, finish_reason: null }] }],
              [null, { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }],
              [null, '[DONE]'],
            ])
          : openaiText(calls.length === 2 ? 'I did not send it.' : 'Hello again.'),
      ),
    );
    handler = createChatHandler({ model: createOpenAIModel({ apiKey: 'sk', fetch, titles: false }), tools: [sendEmail] });
    const started = await handler(startRequest(BASE, { message: { text: 'Email Bo' } }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    await stream.until('approval-request');
    expect((await post(conversationId, 'tool-calls/call_e/decision', { approved: false, reason: 'Bo is away' })).status).toBe(200);
    expect(textOf(await stream.rest())).toBe('I did not send it.');
    await handler.settled();
    const denial = { role: 'tool', tool_call_id: 'call_e', content: expect.stringMatching(/^\{"message":"Not run: .*Reason: Bo is away"\}$/) };
    expect(calls[1]!.body.messages).toEqual([
      { role: 'user', content: 'Email Bo' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_e', type: 'function', function: { name: 'send_email', arguments: '{"to":"bo@example.com"}' } }] },
      denial,
    ]);

    const next = await readEvents((await handler(startRequest(BASE, { conversationId, message: { text: 'Hi' } }))).body);
    expect(textOf(next)).toBe('Hello again.');
    expect(calls[2]!.body.messages).toEqual([...calls[1]!.body.messages, { role: 'assistant', content: 'I did not send it.' }, { role: 'user', content: 'Hi' }]);
  });

  it("Anthropic: a page tool is offered to the model, and the page's result goes back as its tool_result", async () => {
    const step1 = sse([
      ['message_start', { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 5, output_tokens: 1 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_t', name: 'get_local_time', input: {} } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } }],
      ['message_stop', { type: 'message_stop' }],
    ]);
    const step2 = sse([
      ['message_start', { type: 'message_start', message: { id: 'msg_2', usage: { input_tokens: 9, output_tokens: 1 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'It is 09:30.' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } }],
      ['message_stop', { type: 'message_stop' }],
    ]);
    const { fetch, calls } = fakeFetch(() => sseResponse(calls.length === 1 ? step1 : step2));
    handler = createChatHandler({ model: createAnthropicModel({ apiKey: 'k', fetch, titles: false }), tools: [] });
    const clientTools = [{ name: 'get_local_time', description: "The user's local time", parameters: { type: 'object', properties: {} } }];
    const started = await handler(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    await stream.until('tool-executing');
    expect(calls[0]!.body.tools).toEqual([{ name: 'get_local_time', description: "The user's local time", input_schema: { type: 'object', properties: {} } }]);
    expect((await post(conversationId, 'tool-calls/toolu_t/result', { result: { time: '09:30' } })).status).toBe(200);
    expect(textOf(await stream.rest())).toBe('It is 09:30.');
    expect(calls[1]!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What time is it?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_t', name: 'get_local_time', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_t', content: '{"time":"09:30"}' }] },
    ]);
  });

  it("OpenAI Responses: a page tool's call reported as interrupted goes back as its function_call_output, flagged as an error", async () => {
    const step1 = sse([
      ['response.output_item.added', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { type: 'function_call', id: 'fc_1', call_id: 'call_t', name: 'get_local_time', arguments: '' } }],
      ['response.function_call_arguments.delta', { type: 'response.function_call_arguments.delta', sequence_number: 2, item_id: 'fc_1', output_index: 0, delta: '{}' }],
      ['response.output_item.done', { type: 'response.output_item.done', sequence_number: 3, output_index: 0, item: { type: 'function_call', id: 'fc_1', call_id: 'call_t', name: 'get_local_time', arguments: '{}' } }],
      ['response.completed', { type: 'response.completed', sequence_number: 4, response: { id: 'resp_1', status: 'completed', usage: { input_tokens: 5, output_tokens: 3 } } }],
    ]);
    const step2 = sse([
      ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'I could not read your clock.' }],
      ['response.completed', { type: 'response.completed', sequence_number: 2, response: { id: 'resp_2', status: 'completed', usage: { input_tokens: 9, output_tokens: 6 } } }],
    ]);
    const { fetch, calls } = fakeFetch(() => sseResponse(calls.length === 1 ? step1 : step2));
    handler = createChatHandler({ model: createOpenAIModel({ apiKey: 'sk', api: 'responses', fetch, titles: false }), tools: [] });
    const started = await handler(startRequest(BASE, { message: { text: 'What time is it?' }, clientTools: [{ name: 'get_local_time' }] }));
    const conversationId = started.headers.get('x-chatwire-conversation-id') as string;
    const stream = streamReader(started.body);
    await stream.until('tool-executing');
    expect((await post(conversationId, 'tool-calls/call_t/claim', { device: 'laptop' })).status).toBe(200);
    expect((await post(conversationId, 'tool-calls/call_t/claim', { device: 'laptop', interrupted: true })).status).toBe(200);
    expect((await post(conversationId, 'tool-calls/call_t/claim', { device: 'phone', choice: 'report' })).status).toBe(200);
    expect(textOf(await stream.rest())).toBe('I could not read your clock.');
    expect(calls[1]!.body.input.slice(1)).toEqual([
      { type: 'function_call', call_id: 'call_t', name: 'get_local_time', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_t', output: expect.stringMatching(/^Error: \{"message":"The run of this call in the page was interrupted by a reload/) },
    ]);
  });
});
