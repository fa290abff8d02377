const KNOWN: Record<string, string> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  completed: 'stop',
  length: 'length',
  max_tokens: 'length',
  max_output_tokens: 'length',
  tool_calls: 'tool-calls',
  'tool-calls': 'tool-calls',
  function_call: 'tool-calls',
  tool_use: 'tool-calls',
  content_filter: 'content-filter',
  'content-filter': 'content-filter',
  refusal: 'content-filter',
};

/**
 * Normalizes a provider's finish reason to `stop`, `length`, `tool-calls` or
 * `content-filter`; any other word is kept as the provider wrote it.
 */
export function normalizeFinishReason(reason: unknown): string | undefined {
  if (typeof reason !== 'string' || reason === '') return undefined;
  return KNOWN[reason] ?? reason;
}
