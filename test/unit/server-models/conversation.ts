import type { ChatMessage } from '../../../src/core/session/types';
import type { ModelRequest, ToolDefinition } from '../../../src/server/types';

export const weatherTool: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  },
  execute: () => ({ tempC: 18 }),
};

/**
 * A finished first turn with one tool call, then a second turn in flight: the model asked
 * for two tools in one step, one failed, and the handler now calls it again with the results.
 */
export const messages: ChatMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] },
  {
    id: 'a1',
    role: 'assistant',
    parts: [
      { type: 'reasoning', text: 'The user wants the weather.' },
      { type: 'text', text: 'Let me check.' },
      {
        type: 'tool-call',
        toolCallId: 'call_1',
        name: 'get_weather',
        argsText: '{"city":"Paris"}',
        args: { city: 'Paris' },
        state: 'result',
        result: { tempC: 18 },
      },
      { type: 'status', text: 'Looking it up' },
      { type: 'text', text: 'It is 18°C in Paris.' },
      { type: 'citations', citations: [{ id: '1', url: 'https://example.com' }] },
    ],
    finishReason: 'stop',
  },
  { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'And Oslo and Bergen?' }] },
  {
    id: 'a2',
    role: 'assistant',
    parts: [
      {
        type: 'tool-call',
        toolCallId: 'call_2',
        name: 'get_weather',
        argsText: '{"city":"Oslo"}',
        args: { city: 'Oslo' },
        state: 'result',
        result: 'cloudy, 4°C',
      },
      {
        type: 'tool-call',
        toolCallId: 'call_3',
        name: 'get_weather',
        argsText: '{"city":"Bergen"}',
        state: 'error',
        result: 'station offline',
        isError: true,
      },
    ],
  },
];

/** The request the handler makes for the second step of the second turn. */
export function toolRequest(signal: AbortSignal = new AbortController().signal): ModelRequest {
  return { conversationId: 'c1', messages, tools: [weatherTool], signal };
}
