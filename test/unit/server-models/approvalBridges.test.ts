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

/**
 * Every end a call can have (approved, denied, timed out, stopped while pending, a page
 * tool's result or error, an interrupted page run reported, a call cut short by a stop
 * while it ran or while its arguments streamed), then a next prompt: each bridge's request
 * must satisfy its API's rules for tool calls, or the provider rejects the conversation.
 */
describe('provider bridges: every call has its one answer where the API requires it', () => {
  const ended: ToolCallPart[] = [
    call('call_ok', 'a@example.com', { state: 'result', result: { sent: true }, approval: { approved: true, decidedBy: 'user', decidedAt: 5 } }),
    call('call_no', 'b@example.com', { state: 'denied', isError: true, result: { message: 'Not run: the user denied this send_email call.' }, approval: { approved: false, decidedBy: 'user' } }),
    call('call_late', 'c@example.com', { state: 'denied', isError: true, result: { message: 'Not run: no decision within 10 min.' }, approval: { approved: false, decidedBy: 'timeout' } }),
    { type: 'tool-call', toolCallId: 'call_page', name: 'get_local_time', argsText: '{}', args: {}, state: 'result', runsOn: 'page', claimedBy: 'd-laptop', result: { time: '09:30', zone: 'Europe/Lisbon' } },
    { type: 'tool-call', toolCallId: 'call_page_err', name: 'get_local_time', argsText: '{}', args: {}, state: 'error', isError: true, runsOn: 'page', claimedBy: 'd-laptop', result: { message: 'get_local_time failed in the page: no clock' } },
    { type: 'tool-call', toolCallId: 'call_reported', name: 'get_local_time', argsText: '{}', args: {}, state: 'error', isError: true, runsOn: 'page', claimedBy: 'd-phone', interrupted: true, result: { message: 'The run of this call in the page was interrupted by a reload, and the user chose not to run it again.' } },
  ];
  const cut: ToolCallPart[] = [
    call('call_pending', 'd@example.com', { state: 'denied', approval: { approved: false, decidedBy: 'stop' } }),
    { type: 'tool-call', toolCallId: 'call_page_cut', name: 'get_local_time', argsText: '{}', args: {}, state: 'executing', runsOn: 'page', claimedBy: 'd-laptop' },
    { type: 'tool-call', toolCallId: 'call_server_cut', name: 'search', argsText: '{"q":"x"}', args: { q: 'x' }, state: 'executing' },
    { type: 'tool-call', toolCallId: 'call_args_cut', name: 'search', argsText: '{"q":"ca', state: 'streaming-args' },
  ];
  const history: ChatMessage[] = [
    { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Do it all' }] },
    { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'On it.' }, ...ended.slice(0, 3), { type: 'text', text: 'Now the clock.' }, ...ended.slice(3), { type: 'text', text: 'Done.' }], finishReason: 'stop' },
    { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Again' }] },
    { id: 'a2', role: 'assistant', parts: [...cut], finishReason: 'cancelled' },
    { id: 'u3', role: 'user', parts: [{ type: 'text', text: 'What now?' }] },
  ];
  const all = [...ended, ...cut].map((p) => p.toolCallId);
  const req: ModelRequest = { conversationId: 'c1', messages: history, tools: [sendEmail], signal: new AbortController().signal };

  it('OpenAI Chat Completions: each assistant tool_calls turn is followed at once by exactly one tool message per call', () => {
    const sent = openaiChatRequest(req, { model: 'gpt-test' }).messages as Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string; content?: unknown }>;
    const answered: string[] = [];
    for (let i = 0; i < sent.length; i++) {
      const message = sent[i];
      if (message?.role === 'tool') throw new Error(`a tool message without its assistant turn at ${i}: ${JSON.stringify(message)}`);
      const ids = message?.tool_calls?.map((c) => c.id) ?? [];
      if (ids.length === 0) continue;
      const replies = sent.slice(i + 1, i + 1 + ids.length);
      expect(replies.map((r) => r.role)).toEqual(ids.map(() => 'tool'));
      expect(replies.map((r) => r.tool_call_id).sort()).toEqual([...ids].sort());
      for (const reply of replies) expect(typeof reply.content === 'string' && reply.content.length > 0).toBe(true);
      answered.push(...ids);
      i += ids.length;
    }
    expect(answered.sort()).toEqual([...all].sort());
    expect(sent.at(-1)).toEqual({ role: 'user', content: 'What now?' });
    expect(sent.find((m) => m.tool_call_id === 'call_page')?.content).toBe('{"time":"09:30","zone":"Europe/Lisbon"}');
  });

  it('OpenAI Responses: each function_call has exactly one function_call_output before the next message', () => {
    const input = openaiResponsesRequest(req, { model: 'gpt-test' }).input as Array<{ type: string; call_id?: string; output?: unknown }>;
    const open = new Set<string>();
    const answered: string[] = [];
    for (const item of input) {
      if (item.type === 'function_call') open.add(item.call_id as string);
      else if (item.type === 'function_call_output') {
        expect(open.delete(item.call_id as string)).toBe(true);
        expect(typeof item.output === 'string' && item.output.length > 0).toBe(true);
        answered.push(item.call_id as string);
      } else expect([...open]).toEqual([]);
    }
    expect(open.size).toBe(0);
    expect(answered.sort()).toEqual([...all].sort());
  });

  it('Anthropic Messages: roles alternate, and each tool_use turn is followed by a user turn that starts with one tool_result per call', () => {
    type Block = { type: string; id?: string; tool_use_id?: string; is_error?: boolean };
    const sent = anthropicRequest(req, { model: 'claude-test', maxTokens: 1024 }).messages as Array<{ role: string; content: Block[] | string }>;
    const blocks = (m: { content: Block[] | string } | undefined): Block[] => (Array.isArray(m?.content) ? m.content : []);
    expect(sent[0]?.role).toBe('user');
    const answered: string[] = [];
    sent.forEach((message, i) => {
      if (i > 0) expect(message.role).not.toBe(sent[i - 1]?.role);
      const uses = blocks(message).filter((b) => b.type === 'tool_use').map((b) => b.id as string);
      const results = blocks(message).filter((b) => b.type === 'tool_result');
      if (message.role === 'user') {
        // Tool results only answer the turn right before, and come first.
        const previous = blocks(sent[i - 1]).filter((b) => b.type === 'tool_use').map((b) => b.id as string);
        expect(results.map((b) => b.tool_use_id).sort()).toEqual([...previous].sort());
        expect(blocks(message).slice(0, results.length).every((b) => b.type === 'tool_result')).toBe(true);
        answered.push(...results.map((b) => b.tool_use_id as string));
      } else {
        expect(results).toEqual([]);
        if (uses.length > 0) expect(sent[i + 1]?.role).toBe('user');
      }
    });
    expect(answered.sort()).toEqual([...all].sort());
    // What did not run is flagged as an error; what ran is not.
    const flagged = sent.flatMap((m) => blocks(m)).filter((b) => b.type === 'tool_result' && b.is_error).map((b) => b.tool_use_id);
    expect(flagged.sort()).toEqual(['call_args_cut', 'call_late', 'call_no', 'call_page_cut', 'call_page_err', 'call_pending', 'call_reported', 'call_server_cut']);
  });
});
