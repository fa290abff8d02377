import type { ModelRequest, ModelSource } from '../types';
import { openaiChatRequest } from './openaiChatRequest';
import { openaiResponsesRequest } from './openaiResponsesRequest';
import { readEnv } from './readEnv';
import { titleByStreaming } from './titleByStreaming';
import { streamProvider } from './streamProvider';

/** Options of {@link createOpenAIModel}. */
export interface OpenAIModelOptions {
  /** API key. Default: `process.env.OPENAI_API_KEY`; creating the model throws when neither is set. */
  apiKey?: string;
  /** Model name. Default: `process.env.OPENAI_MODEL`, else `"gpt-4.1-mini"`. */
  model?: string;
  /**
   * API root, for OpenAI-compatible servers and proxies. Default:
   * `process.env.OPENAI_BASE_URL`, else `"https://api.openai.com/v1"`.
   */
  baseURL?: string;
  /** `'chat'` (Chat Completions, the default) or `'responses'` (the Responses API). */
  api?: 'chat' | 'responses';
  /** System prompt (`system` message for chat, `instructions` for responses). Default: none. */
  system?: string;
  /** Extra request fields merged into every body, e.g. `{ temperature: 0.2 }`. */
  body?: Record<string, unknown>;
  /** Extra HTTP headers, e.g. `{ 'OpenAI-Organization': 'org_...' }`. */
  headers?: Record<string, string>;
  /** The fetch to use. Default: `globalThis.fetch`. Inject one in tests. */
  fetch?: typeof fetch;
  /**
   * Ask the model for a short title of each new conversation (one more small request, in
   * the background, after the first prompt). `false`: conversations keep the prompt's title.
   * @defaultValue `true`
   */
  titles?: boolean;
}

/**
 * A {@link ModelSource} that streams from OpenAI's Chat Completions API (or the Responses
 * API with `api: 'responses'`) and normalizes the answer into ChatEvents. Tools are sent as
 * functions with their JSON Schema; tool results of earlier steps go back as `tool`
 * messages (chat) or `function_call_output` items (responses). Cancelling the generation
 * aborts the upstream request. A non-2xx answer becomes one fatal `error` event carrying
 * the status and OpenAI's message.
 *
 * @example
 * ```ts
 * const handler = createChatHandler({ model: createOpenAIModel({ model: 'gpt-4.1-mini' }) });
 * ```
 */
export function createOpenAIModel(options: OpenAIModelOptions = {}): ModelSource {
  const apiKey = options.apiKey ?? readEnv('OPENAI_API_KEY');
  if (!apiKey) {
    throw new Error(
      'createOpenAIModel: no API key. Pass { apiKey } or set OPENAI_API_KEY (received neither).',
    );
  }
  const model = options.model ?? readEnv('OPENAI_MODEL') ?? 'gpt-4.1-mini';
  const baseURL = (options.baseURL ?? readEnv('OPENAI_BASE_URL') ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const api = options.api ?? 'chat';
  if (api !== 'chat' && api !== 'responses') {
    throw new Error(`createOpenAIModel: api must be 'chat' or 'responses', received ${JSON.stringify(api)}.`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const headers = {
    ...options.headers,
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    accept: 'text/event-stream',
  };
  const build = { model, ...(options.system !== undefined && { system: options.system }), ...(options.body && { body: options.body }) };

  const source: ModelSource = {
    name: `openai:${model}`,
    stream(request: ModelRequest) {
      return streamProvider({
        provider: 'OpenAI',
        keyHint: 'OPENAI_API_KEY or the apiKey option',
        protocol: api === 'chat' ? 'openai-chat' : 'openai-responses',
        url: `${baseURL}${api === 'chat' ? '/chat/completions' : '/responses'}`,
        headers,
        body: api === 'chat' ? openaiChatRequest(request, build) : openaiResponsesRequest(request, build),
        signal: request.signal,
        fetch: fetchImpl,
      });
    },
  };
  if (options.titles !== false) source.title = (request) => titleByStreaming(source, request);
  return source;
}
