import type { ModelRequest, ModelSource } from '../types';
import { anthropicRequest } from './anthropicRequest';
import { readEnv } from './readEnv';
import { titleByStreaming } from './titleByStreaming';
import { streamProvider } from './streamProvider';
import { createThinkingCache } from './thinkingCache';

/** Options of {@link createAnthropicModel}. */
export interface AnthropicModelOptions {
  /** API key. Default: `process.env.ANTHROPIC_API_KEY`; creating the model throws when neither is set. */
  apiKey?: string;
  /** Model name. Default: `process.env.ANTHROPIC_MODEL`, else `"claude-sonnet-4-5"`. */
  model?: string;
  /** API root. Default: `process.env.ANTHROPIC_BASE_URL`, else `"https://api.anthropic.com"`. */
  baseURL?: string;
  /** `max_tokens` of every call, thinking included. Default: 4096. */
  maxTokens?: number;
  /**
   * Extended thinking: `true` for a 2048-token budget, or `{ budgetTokens }` (at least
   * 1024 and below `maxTokens`). Default: off. Thinking streams as `reasoning-delta`.
   */
  thinking?: boolean | { budgetTokens: number };
  /** System prompt. Default: none. */
  system?: string;
  /** Extra request fields merged into every body, e.g. `{ temperature: 0.2 }`. */
  body?: Record<string, unknown>;
  /** Extra HTTP headers, e.g. `{ 'anthropic-beta': '...' }`. */
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
 * A {@link ModelSource} that streams from Anthropic's Messages API and normalizes the answer
 * into ChatEvents. Tools are sent with their JSON Schema as `input_schema`; tool calls and
 * results of earlier steps go back as `tool_use` / `tool_result` blocks, with the signed
 * thinking blocks the API requires when thinking is on. Cancelling the generation aborts
 * the upstream request. A non-2xx answer (401 bad key, 529 overloaded, ...) becomes one
 * fatal `error` event carrying the status and Anthropic's message.
 *
 * @example
 * ```ts
 * const handler = createChatHandler({ model: createAnthropicModel({ thinking: true }) });
 * ```
 */
export function createAnthropicModel(options: AnthropicModelOptions = {}): ModelSource {
  const apiKey = options.apiKey ?? readEnv('ANTHROPIC_API_KEY');
  if (!apiKey) {
    throw new Error(
      'createAnthropicModel: no API key. Pass { apiKey } or set ANTHROPIC_API_KEY (received neither).',
    );
  }
  const model = options.model ?? readEnv('ANTHROPIC_MODEL') ?? 'claude-sonnet-4-5';
  const baseURL = (options.baseURL ?? readEnv('ANTHROPIC_BASE_URL') ?? 'https://api.anthropic.com').replace(/\/+$/, '');
  const maxTokens = options.maxTokens ?? 4096;
  const thinkingBudget =
    options.thinking === true ? 2048 : typeof options.thinking === 'object' ? options.thinking.budgetTokens : undefined;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new Error(`createAnthropicModel: maxTokens must be a positive integer, received ${String(maxTokens)}.`);
  }
  if (thinkingBudget !== undefined && (!Number.isInteger(thinkingBudget) || thinkingBudget < 1024 || thinkingBudget >= maxTokens)) {
    throw new Error(
      `createAnthropicModel: thinking.budgetTokens must be an integer from 1024 to maxTokens - 1 (${maxTokens - 1}), received ${String(thinkingBudget)}. Raise maxTokens or lower the budget.`,
    );
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const headers = {
    ...options.headers,
    'x-api-key': apiKey,
    'anthropic-version': '2023-06-01',
    'content-type': 'application/json',
    accept: 'text/event-stream',
  };
  const thinking = createThinkingCache();

  const source: ModelSource = {
    name: `anthropic:${model}`,
    stream(request: ModelRequest) {
      return streamProvider({
        provider: 'Anthropic',
        keyHint: 'ANTHROPIC_API_KEY or the apiKey option',
        protocol: 'anthropic',
        url: `${baseURL}/v1/messages`,
        headers,
        body: anthropicRequest(request, {
          model,
          maxTokens,
          ...(thinkingBudget !== undefined && { thinkingBudget, thinkingFor: thinking.get }),
          ...(options.system !== undefined && { system: options.system }),
          ...(options.body && { body: options.body }),
        }),
        signal: request.signal,
        fetch: fetchImpl,
        ...(thinkingBudget !== undefined && { tap: thinking.tap }),
      });
    },
  };
  if (options.titles !== false) source.title = (request) => titleByStreaming(source, request);
  return source;
}
