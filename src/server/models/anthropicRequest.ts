import type { ModelRequest } from '../types';
import { argumentsObject, assistantSteps, resultIsError, resultText } from './assistantSteps';
import type { ThinkingBlock } from './thinkingCache';
import { joinText } from '../../core/session/joinText';

type Block = Record<string, unknown>;
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

/** What {@link anthropicRequest} needs beside the request. */
export interface AnthropicRequestOptions {
  model: string;
  maxTokens: number;
  /** Thinking budget in tokens, when extended thinking is on. */
  thinkingBudget?: number;
  system?: string;
  body?: Record<string, unknown>;
  /** Signed thinking blocks written before a tool call, from this process's stream taps. */
  thinkingFor?: (toolCallId: string) => ThinkingBlock[] | undefined;
}

/**
 * Builds the Anthropic Messages streaming body for a {@link ModelRequest}: tools with
 * `input_schema`, tool calls as `tool_use` blocks and their results as `tool_result` blocks
 * in the following user turn. Consecutive turns of one role are merged and empty text is
 * dropped (the API rejects both). Reasoning goes back only as the signed thinking blocks
 * the bridge recorded, which the API requires in a tool-use loop with thinking on.
 */
export function anthropicRequest(request: ModelRequest, options: AnthropicRequestOptions): Record<string, unknown> {
  const messages: AnthropicMessage[] = [];
  const push = (role: AnthropicMessage['role'], content: Block[]): void => {
    if (content.length === 0) return;
    const last = messages[messages.length - 1];
    if (last?.role === role) last.content.push(...content);
    else messages.push({ role, content });
  };

  for (const message of request.messages) {
    if (message.role === 'user') {
      const text = joinText(message.parts);
      if (text.trim() !== '') push('user', [{ type: 'text', text }]);
      continue;
    }
    for (const step of assistantSteps(message)) {
      const content: Block[] = [];
      const calls = step.filter((part) => part.type === 'tool-call');
      const firstCall = calls[0];
      if (options.thinkingBudget !== undefined && firstCall && options.thinkingFor) {
        content.push(...(options.thinkingFor(firstCall.toolCallId) ?? []));
      }
      for (const part of step) {
        if (part.type === 'text' && part.text.trim() !== '') content.push({ type: 'text', text: part.text });
        if (part.type === 'tool-call') {
          content.push({ type: 'tool_use', id: part.toolCallId, name: part.name, input: argumentsObject(part) });
        }
      }
      push('assistant', content);
      push(
        'user',
        calls.map((call) => ({
          type: 'tool_result',
          tool_use_id: call.toolCallId,
          content: resultText(call),
          ...(resultIsError(call) && { is_error: true }),
        })),
      );
    }
  }
  dropLeadingNonUser(messages);
  trimFinalAssistant(messages);

  return {
    ...options.body,
    model: options.model,
    max_tokens: options.maxTokens,
    ...(options.system && { system: options.system }),
    messages,
    ...(request.tools.length > 0 && {
      tools: request.tools.map((tool) => ({
        name: tool.name,
        ...(tool.description !== undefined && { description: tool.description }),
        input_schema: tool.parameters ?? { type: 'object', properties: {} },
      })),
    }),
    ...(options.thinkingBudget !== undefined && {
      thinking: { type: 'enabled', budget_tokens: options.thinkingBudget },
    }),
    stream: true,
  };
}

/**
 * The API wants the conversation to open with a user turn and every `tool_result` to answer
 * a `tool_use` it was sent. A history window can start at an assistant message: drop it,
 * and the results of its tool calls.
 */
function dropLeadingNonUser(messages: AnthropicMessage[]): void {
  for (let guard = messages.length; guard > 0 && messages.length > 0; guard--) {
    const first = messages[0] as AnthropicMessage;
    if (first.role === 'user') {
      first.content = first.content.filter((block) => block.type !== 'tool_result');
      if (first.content.length > 0) return;
    }
    messages.shift();
  }
}

/** The API rejects a final assistant turn (a prefill) that ends in whitespace. */
function trimFinalAssistant(messages: AnthropicMessage[]): void {
  const last = messages[messages.length - 1];
  if (last?.role !== 'assistant') return;
  const block = last.content[last.content.length - 1];
  if (block?.type === 'text' && typeof block.text === 'string') block.text = block.text.trimEnd();
}
