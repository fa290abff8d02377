import { afterEach, describe, expect, it } from 'vitest';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createAnthropicModel } from '../../../src/server/models/anthropic';
import { createOpenAIModel } from '../../../src/server/models/openai';
import type { ToolDefinition } from '../../../src/server/types';
import { readEvents, startRequest, textOf } from '../server/sseTestKit';
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
});
