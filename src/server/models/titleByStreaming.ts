import type { ModelSource, TitleRequest } from '../types';

/** Longest title text read from a model, in characters (the handler shortens it further). */
const MAX_TITLE_READ = 400;

/**
 * A conversation title from any streaming model (what the OpenAI and Anthropic bridges'
 * `title` does): one short request, without tools, asking for a title of at most six words
 * for the first prompt; the text streamed back is the title (quotes and a final period
 * dropped). Throws the model's error when it answers one.
 *
 * @example
 * ```ts
 * const model = createOpenAIModel();
 * const title = await titleByStreaming(model, { conversationId: 'c1', prompt: 'Plan a trip to Oslo', signal });
 * ```
 */
export async function titleByStreaming(model: Pick<ModelSource, 'stream'>, request: TitleRequest): Promise<string> {
  const ask = `Write a title of at most six words for a conversation that starts with the message below. Answer with the title only, no quotes.\n\n${request.prompt.slice(0, 2_000)}`;
  let text = '';
  for await (const event of model.stream({
    conversationId: request.conversationId,
    messages: [{ id: 'title', role: 'user', parts: [{ type: 'text', text: ask }] }],
    tools: [],
    signal: request.signal,
  })) {
    if (event.type === 'text-delta') text += event.delta;
    if (event.type === 'error') throw new Error(event.message);
    if (text.length > MAX_TITLE_READ) break;
  }
  return text.trim().replace(/^["'“”]+|["'“”]+$/g, '').replace(/\.$/, '').trim();
}
