import type { Usage } from '../../events';
import { isRecord, pickNumber } from './json';

/**
 * Reads token usage in any provider's spelling: OpenAI Chat (`prompt_tokens`,
 * `completion_tokens`, `completion_tokens_details.reasoning_tokens`), OpenAI Responses and
 * Anthropic (`input_tokens`, `output_tokens`, `output_tokens_details`), Anthropic cache
 * counts (added to `inputTokens`, so it is the whole prompt, as OpenAI counts it), the AI
 * SDK (`promptTokens`, `completionTokens`, or already canonical). `undefined` when nothing
 * is counted.
 */
export function normalizeUsage(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const usage: Usage = {};
  let input = pickNumber(raw, 'inputTokens', 'input_tokens', 'prompt_tokens', 'promptTokens');
  const cacheCreate = pickNumber(raw, 'cache_creation_input_tokens');
  const cacheRead = pickNumber(raw, 'cache_read_input_tokens');
  if (input !== undefined && (cacheCreate !== undefined || cacheRead !== undefined)) {
    input += (cacheCreate ?? 0) + (cacheRead ?? 0);
  }
  const output = pickNumber(raw, 'outputTokens', 'output_tokens', 'completion_tokens', 'completionTokens');
  let reasoning = pickNumber(raw, 'reasoningTokens', 'reasoning_tokens');
  if (reasoning === undefined) {
    const details = raw['output_tokens_details'] ?? raw['completion_tokens_details'];
    if (isRecord(details)) reasoning = pickNumber(details, 'reasoning_tokens');
  }
  const total = pickNumber(raw, 'totalTokens', 'total_tokens');
  if (input !== undefined) usage.inputTokens = input;
  if (output !== undefined) usage.outputTokens = output;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  if (total !== undefined) usage.totalTokens = total;
  return Object.keys(usage).length > 0 ? usage : undefined;
}
