import type { ModelRequest } from '../types';
import { argumentsJson, assistantSteps, resultText } from './assistantSteps';
import { joinText } from '../../core/session/joinText';

/** Builds the OpenAI Chat Completions streaming body for a {@link ModelRequest}. */
export function openaiChatRequest(
  request: ModelRequest,
  options: { model: string; system?: string; body?: Record<string, unknown> },
): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  if (options.system) messages.push({ role: 'system', content: options.system });
  for (const message of request.messages) {
    if (message.role === 'user') {
      messages.push({ role: 'user', content: joinText(message.parts) });
      continue;
    }
    for (const step of assistantSteps(message)) {
      const text = joinText(step);
      const calls = step.filter((part) => part.type === 'tool-call');
      if (text === '' && calls.length === 0) continue;
      messages.push({
        role: 'assistant',
        content: text === '' ? null : text,
        ...(calls.length > 0 && {
          tool_calls: calls.map((call) => ({
            id: call.toolCallId,
            type: 'function',
            function: { name: call.name, arguments: argumentsJson(call) },
          })),
        }),
      });
      for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.toolCallId, content: resultText(call) });
    }
  }
  return {
    ...options.body,
    model: options.model,
    messages,
    ...(request.tools.length > 0 && {
      tools: request.tools.map((tool) => ({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description !== undefined && { description: tool.description }),
          parameters: tool.parameters ?? { type: 'object', properties: {} },
        },
      })),
    }),
    stream: true,
    stream_options: { include_usage: true },
  };
}
