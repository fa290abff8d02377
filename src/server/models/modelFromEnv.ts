import type { ModelSource } from '../types';
import { createAnthropicModel } from './anthropic';
import { createOpenAIModel } from './openai';

/**
 * Picks a real model from the environment: Anthropic when `ANTHROPIC_API_KEY` is set, else
 * OpenAI when `OPENAI_API_KEY` is set, else `null` so the caller can fall back to the mock
 * model. `ANTHROPIC_MODEL` / `OPENAI_MODEL` and `*_BASE_URL` choose model and endpoint.
 *
 * @example
 * ```ts
 * const handler = createChatHandler({ model: modelFromEnv() ?? createMockModel() });
 * ```
 */
export function modelFromEnv(env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env): ModelSource | null {
  if (env.ANTHROPIC_API_KEY) {
    return createAnthropicModel({
      apiKey: env.ANTHROPIC_API_KEY,
      ...(env.ANTHROPIC_MODEL && { model: env.ANTHROPIC_MODEL }),
      ...(env.ANTHROPIC_BASE_URL && { baseURL: env.ANTHROPIC_BASE_URL }),
    });
  }
  if (env.OPENAI_API_KEY) {
    return createOpenAIModel({
      apiKey: env.OPENAI_API_KEY,
      ...(env.OPENAI_MODEL && { model: env.OPENAI_MODEL }),
      ...(env.OPENAI_BASE_URL && { baseURL: env.OPENAI_BASE_URL }),
    });
  }
  return null;
}
