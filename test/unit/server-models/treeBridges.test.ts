/**
 * The provider bridges read only the branch shown: after an edit, a regeneration and a
 * switch back, each request the OpenAI (Chat and Responses) and Anthropic bridges send
 * holds the active path up to the prompt, never a message of another branch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createChatHandler, type ChatHandler } from '../../../src/server/handler/createChatHandler';
import { createAnthropicModel } from '../../../src/server/models/anthropic';
import { createOpenAIModel } from '../../../src/server/models/openai';
import type { ModelSource } from '../../../src/server/types';
import { readEvents } from '../server/sseTestKit';
import { fakeFetch, sse, sseResponse, type RecordedCall } from './fakeFetch';

const BASE = 'http://chat.test';
let handler: ChatHandler | undefined;
afterEach(async () => {
  await handler?.close();
  handler = undefined;
});

/** Each answer says which call it is: "Answer 1", "Answer 2", ... */
const bridges: Record<string, (fetch: typeof globalThis.fetch, calls: RecordedCall[]) => { model: ModelSource; reply: () => Response; texts: (call: RecordedCall) => string[] }> = {
  'openai chat': (fetch, calls) => ({
    model: createOpenAIModel({ apiKey: 'sk', fetch, titles: false }),
    reply: () =>
      sseResponse(sse([
        [null, { choices: [{ index: 0, delta: { content: `Answer ${calls.length}` }, finish_reason: null }] }],
        [null, { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }],
        [null, '[DONE]'],
      ])),
    texts: (call) => (call.body.messages as { content: string }[]).map((m) => m.content),
  }),
  'openai responses': (fetch, calls) => ({
    model: createOpenAIModel({ apiKey: 'sk', fetch, titles: false, api: 'responses' }),
    reply: () =>
      sseResponse(sse([
        ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 1, delta: `Answer ${calls.length}` }],
        ['response.completed', { type: 'response.completed', sequence_number: 2, response: { status: 'completed' } }],
      ])),
    texts: (call) =>
      (call.body.input as { content: string | { text: string }[] }[]).map((item) => (typeof item.content === 'string' ? item.content : item.content.map((c) => c.text).join(''))),
  }),
  anthropic: (fetch, calls) => ({
    model: createAnthropicModel({ apiKey: 'k', fetch, titles: false }),
    reply: () =>
      sseResponse(sse([
        ['message_start', { type: 'message_start', message: { id: `msg_${calls.length}`, usage: { input_tokens: 1, output_tokens: 1 } } }],
        ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
        ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `Answer ${calls.length}` } }],
        ['content_block_stop', { type: 'content_block_stop', index: 0 }],
        ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } }],
        ['message_stop', { type: 'message_stop' }],
      ])),
    texts: (call) => (call.body.messages as { content: { text: string }[] }[]).map((m) => m.content.map((c) => c.text).join('')),
  }),
};

describe.each(Object.keys(bridges))('%s: the model reads only the branch shown', (name) => {
  it('after an edit, a regeneration and a switch back', async () => {
    let bridge: ReturnType<(typeof bridges)[string]> | undefined;
    const { fetch, calls } = fakeFetch(() => (bridge as NonNullable<typeof bridge>).reply());
    bridge = (bridges[name] as (typeof bridges)[string])(fetch, calls);
    handler = createChatHandler({ model: bridge.model, tools: [] });
    const start = async (body: Record<string, unknown>): Promise<string> => {
      const response = await handler!(new Request(`${BASE}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
      expect(response.status).toBe(200);
      const events = await readEvents(response.body);
      expect(events.at(-1)?.type).toBe('done');
      return response.headers.get('x-chatwire-conversation-id') as string;
    };
    const id = await start({ message: { id: 'u1', text: 'first' } });
    await start({ conversationId: id, message: { id: 'u2', text: 'second' } });
    expect(bridge.texts(calls[1]!)).toEqual(['first', 'Answer 1', 'second']);

    await start({ conversationId: id, message: { id: 'u2b', text: 'second, edited' }, edit: 'u2' });
    expect(bridge.texts(calls[2]!)).toEqual(['first', 'Answer 1', 'second, edited']);

    const history = async () => (await (await handler!(new Request(`${BASE}/api/chat/${id}/messages`))).json()) as { messages: { id: string; parentId?: string }[] };
    const edited = (await history()).messages.find((m) => m.parentId === 'u2b')!;
    await start({ conversationId: id, regenerate: edited.id });
    expect(bridge.texts(calls[3]!)).toEqual(['first', 'Answer 1', 'second, edited']);

    const switched = await handler!(new Request(`${BASE}/api/chat/${id}/branch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messageId: 'u2' }) }));
    expect(switched.status).toBe(200);
    await start({ conversationId: id, message: { id: 'u3', text: 'third' } });
    expect(bridge.texts(calls[4]!)).toEqual(['first', 'Answer 1', 'second', 'Answer 2', 'third']);
  });
});
