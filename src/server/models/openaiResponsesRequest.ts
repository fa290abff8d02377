import type { ModelRequest } from '../types';
import { argumentsJson, assistantSteps, resultText } from './assistantSteps';
import { joinText } from '../../core/session/joinText';

/**
 * Builds the OpenAI Responses API streaming body for a {@link ModelRequest}: user and
 * assistant text as messages, tool calls as `function_call` items followed by their
 * `function_call_output`. Reasoning is not sent back (it would need the encrypted item).
 */
export function openaiResponsesRequest(
  request: ModelRequest,
  options: { model: string; system?: string; body?: Record<string, unknown> },
): Record<string, unknown> {
  const input: Record<string, unknown>[] = [];
  for (const message of request.messages) {
    if (message.role === 'user') {
      input.push({ type: 'message', role: 'user', content: joinText(message.parts) });
      continue;
    }
    for (const step of assistantSteps(message)) {
      const text = joinText(step);
      if (text !== '') input.push({ type: 'message', role: 'assistant', content: text });
      const calls = step.filter((part) => part.type === 'tool-call');
      for (const call of calls) {
        input.push({ type: 'function_call', call_id: call.toolCallId, name: call.name, arguments: argumentsJson(call) });
      }
      for (const call of calls) {
        input.push({ type: 'function_call_output', call_id: call.toolCallId, output: resultText(call) });
      }
    }
  }
  return {
    ...options.body,
    model: options.model,
    ...(options.system && { instructions: options.system }),
    input,
    ...(request.tools.length > 0 && {
      tools: request.tools.map((tool) => ({
        type: 'function',
        name: tool.name,
        ...(tool.description !== undefined && { description: tool.description }),
        parameters: tool.parameters ?? { type: 'object', properties: {} },
        strict: false,
      })),
    }),
    stream: true,
  };
}
