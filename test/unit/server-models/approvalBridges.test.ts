/**
 * What each provider bridge sends for calls that needed approval: approved (its result),
 * denied by the user (the denial the model reads), and stopped while pending (no result
 * in the history). Every call gets exactly one answer in the shape its API requires, so
 * the next request is valid.
 */
import type { ChatMessage, ToolCallPart } from '../../../src/core/session/types';
import { anthropicRequest } from '../../../src/server/models/anthropicRequest';
import { openaiChatRequest } from '../../../src/server/models/openaiChatRequest';
import { openaiResponsesRequest } from '../../../src/server/models/openaiResponsesRequest';
import type { ModelRequest, ToolDefinition } from '../../../src/server/types';

const sendEmail: ToolDefinition = { name: 'send_email', parameters: { type: 'object', properties: { to: { type: 'string' } } }, needsApproval: true, execute: () => ({ sent: true }) };

const call = (toolCallId: string, to: string, rest: Partial<ToolCallPart>): ToolCallPart => ({
  type: 'tool-call', toolCallId, name: 'send_email', argsText: JSON.stringify({ to }), args: { to }, state: 'result', ...rest,
});

const messages: ChatMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Email Ana and Bo' }] },
  {
    id: 'a1',
    role: 'assistant',
    parts: [
      call('call_a', 'ana@example.com', { state: 'result', result: { sent: true }, approval: { approved: true, decidedBy: 'user' } }),
      call('call_b', 'bo@example.com', {
        state: 'denied', isError: true, result: { message: 'Not run: the user denied this send_email call. Reason: Bo is away' },
        approval: { approved: false, reason: 'Bo is away', decidedBy: 'user' },
      }),
      { type: 'text', text: 'Sent to Ana; I did not email Bo.' },
    ],
    finishReason: 'stop',
  },
  { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Email Cy' }] },
  { id: 'a2', role: 'assistant', parts: [call('call_c', 'cy@example.com', { state: 'denied', approval: { approved: false, decidedBy: 'stop' } })], finishReason: 'cancelled' },
  { id: 'u3', role: 'user', parts: [{ type: 'text', text: 'Never mind' }] },
];

const request: ModelRequest = { conversationId: 'c1', messages, tools: [sendEmail], signal: new AbortController().signal };
const denied = '{"message":"Not run: the user denied this send_email call. Reason: Bo is away"}';
const stopped = 'Not run: the answer was stopped while this call awaited approval.';

describe('provider bridges and calls that needed approval', () => {
  it('OpenAI Chat Completions: one tool message per call, the denial and the stop as their content', () => {
    const body = openaiChatRequest(request, { model: 'gpt-test' });
    expect(body.messages).toEqual([
      { role: 'user', content: 'Email Ana and Bo' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'send_email', arguments: '{"to":"ana@example.com"}' } },
          { id: 'call_b', type: 'function', function: { name: 'send_email', arguments: '{"to":"bo@example.com"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_a', content: '{"sent":true}' },
      { role: 'tool', tool_call_id: 'call_b', content: denied },
      { role: 'assistant', content: 'Sent to Ana; I did not email Bo.' },
      { role: 'user', content: 'Email Cy' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_c', type: 'function', function: { name: 'send_email', arguments: '{"to":"cy@example.com"}' } }] },
      { role: 'tool', tool_call_id: 'call_c', content: stopped },
      { role: 'user', content: 'Never mind' },
    ]);
  });

  it('OpenAI Responses: a function_call_output for every function_call', () => {
    const body = openaiResponsesRequest(request, { model: 'gpt-test' });
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: 'Email Ana and Bo' },
      { type: 'function_call', call_id: 'call_a', name: 'send_email', arguments: '{"to":"ana@example.com"}' },
      { type: 'function_call', call_id: 'call_b', name: 'send_email', arguments: '{"to":"bo@example.com"}' },
      { type: 'function_call_output', call_id: 'call_a', output: '{"sent":true}' },
      { type: 'function_call_output', call_id: 'call_b', output: denied },
      { type: 'message', role: 'assistant', content: 'Sent to Ana; I did not email Bo.' },
      { type: 'message', role: 'user', content: 'Email Cy' },
      { type: 'function_call', call_id: 'call_c', name: 'send_email', arguments: '{"to":"cy@example.com"}' },
      { type: 'function_call_output', call_id: 'call_c', output: stopped },
      { type: 'message', role: 'user', content: 'Never mind' },
    ]);
  });

  it('Anthropic Messages: a tool_result per tool_use in the next user turn, the ones not run flagged is_error', () => {
    const body = anthropicRequest(request, { model: 'claude-test', maxTokens: 1024 });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Email Ana and Bo' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_a', name: 'send_email', input: { to: 'ana@example.com' } },
          { type: 'tool_use', id: 'call_b', name: 'send_email', input: { to: 'bo@example.com' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_a', content: '{"sent":true}' },
          { type: 'tool_result', tool_use_id: 'call_b', content: denied, is_error: true },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Sent to Ana; I did not email Bo.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Email Cy' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_c', name: 'send_email', input: { to: 'cy@example.com' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_c', content: stopped, is_error: true },
          { type: 'text', text: 'Never mind' },
        ],
      },
    ]);
  });
});
