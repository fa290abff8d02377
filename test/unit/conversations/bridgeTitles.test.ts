/**
 * The OpenAI and Anthropic bridges title a new conversation (fake provider over `fetch`):
 * one request without tools, its text as the list's title, after the prompt's own title.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createAnthropicModel } from '../../../src/server/models/anthropic';
import { createOpenAIModel } from '../../../src/server/models/openai';
import type { ModelSource } from '../../../src/server/types';
import { readEvents, startRequest } from '../server/sseTestKit';
import { fakeFetch, sse, sseResponse, jsonResponse } from '../server-models/fakeFetch';

const openaiText = (text: string) =>
  sse([
    [null, { id: 'c', choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }] }],
    [null, { id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }],
    [null, '[DONE]'],
  ]);
const anthropicText = (text: string) =>
  sse([
    ['message_start', { type: 'message_start', message: { id: 'm', type: 'message', role: 'assistant', content: [], model: 'claude-test', usage: { input_tokens: 1, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1 } }],
    ['message_stop', { type: 'message_stop' }],
  ]);

const handlers: ChatHandler[] = [];
afterEach(async () => {
  await Promise.all(handlers.splice(0).map((h) => h.close()));
});

async function titleOf(model: ModelSource): Promise<string[]> {
  const chat = createChatHandler({ model, tools: [] });
  handlers.push(chat);
  const res = await chat(startRequest('http://chat.test', { message: { text: 'Can you help me plan a trip to Oslo in June?' } }));
  await readEvents(res.body);
  await chat.settled();
  const seen: string[] = [];
  for (let i = 0; i < 200; i++) {
    const body = (await (await chat(new Request('http://chat.test/api/chat/conversations'))).json()) as { conversations: { title: string }[] };
    const title = body.conversations[0]?.title ?? '';
    if (seen.at(-1) !== title) seen.push(title);
    if (title === 'Trip to Oslo') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return seen;
}

describe('bridge titles', () => {
  it('OpenAI: asks once without tools, and the answer becomes the title', async () => {
    const { fetch, calls } = fakeFetch((call) => sseResponse(openaiText(JSON.stringify(call.body).includes('Write a title') ? '"Trip to Oslo."' : 'Sure, June is lovely.')));
    const seen = await titleOf(createOpenAIModel({ apiKey: 'k', fetch }));
    expect(seen.at(-1)).toBe('Trip to Oslo');
    const asked = calls.filter((c) => JSON.stringify(c.body).includes('Write a title'));
    expect(asked).toHaveLength(1);
    expect(asked[0]?.body.tools).toBeUndefined();
    expect(JSON.stringify(asked[0]?.body.messages)).toContain('plan a trip to Oslo in June');
  });

  it('Anthropic: the same; a failing title request keeps the prompt\'s title', async () => {
    const { fetch } = fakeFetch((call) => sseResponse(anthropicText(JSON.stringify(call.body).includes('Write a title') ? 'Trip to Oslo' : 'Sure.')));
    expect((await titleOf(createAnthropicModel({ apiKey: 'k', fetch }))).at(-1)).toBe('Trip to Oslo');

    const failing = fakeFetch((call) => (JSON.stringify(call.body).includes('Write a title') ? jsonResponse(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }) : sseResponse(anthropicText('Sure.'))));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const chat = createChatHandler({ model: createAnthropicModel({ apiKey: 'k', fetch: failing.fetch }), tools: [] });
      handlers.push(chat);
      await readEvents((await chat(startRequest('http://chat.test', { message: { text: 'hello from a flaky provider' } }))).body);
      await chat.settled();
      await new Promise((r) => setTimeout(r, 100));
      const body = (await (await chat(new Request('http://chat.test/api/chat/conversations'))).json()) as { conversations: { title: string }[] };
      expect(body.conversations[0]?.title).toBe('hello from a flaky provider');
      expect(String(errors.flat().join(' '))).toMatch(/could not title/);
    } finally {
      console.error = original;
    }
  });
});
