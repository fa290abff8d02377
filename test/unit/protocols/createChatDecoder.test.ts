import type { ChatEvent } from '../../../src/core/events';
import { createChatDecoder, decodeChatStream } from '../../../src/core/protocols/index';
import { collect, textStream } from './protocolFixtures';

const msg = (data: string, event = 'message') => ({ event, data, id: '' });

function run(protocol: Parameters<typeof createChatDecoder>[0], messages: ReturnType<typeof msg>[]): { pushed: ChatEvent[]; ended: ChatEvent[] } {
  const decoder = createChatDecoder(protocol);
  const pushed = messages.flatMap((m) => decoder.push(m));
  return { pushed, ended: decoder.end() };
}

describe('createChatDecoder', () => {
  describe('openai-chat', () => {
    const call = (index: number, fields: string) => msg(`{"choices":[{"index":0,"delta":{"tool_calls":[{"index":${index},${fields}}]}}]}`);

    it('completes tool calls at [DONE] when no finish_reason came', () => {
      const { pushed, ended } = run({ protocol: 'openai-chat' }, [
        call(0, '"id":"c1","function":{"name":"f","arguments":"{\\"a\\":"}'),
        call(0, '"function":{"arguments":"1}"}'),
        msg('[DONE]'),
      ]);
      expect(pushed).toStrictEqual([
        { type: 'tool-call-start', toolCallId: 'c1', name: 'f' },
        { type: 'tool-call-delta', toolCallId: 'c1', argsDelta: '{"a":' },
        { type: 'tool-call-delta', toolCallId: 'c1', argsDelta: '1}' },
        { type: 'tool-call', toolCallId: 'c1', name: 'f', args: { a: 1 } },
        { type: 'done' },
      ]);
      expect(ended).toStrictEqual([]);
    });

    it('end() flushes pending calls and the finish reason of a stream without [DONE]', () => {
      const { pushed, ended } = run({ protocol: 'openai-chat' }, [
        call(0, '"id":"c1","function":{"name":"f","arguments":""}'),
        msg('{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}'),
      ]);
      expect(pushed.map((e) => e.type)).toStrictEqual(['tool-call-start', 'text-delta', 'tool-call']);
      expect(ended).toStrictEqual([{ type: 'done', finishReason: 'stop' }]);
    });

    it('end() invents no done when nothing said the answer was finished', () => {
      const { ended } = run({ protocol: 'openai-chat' }, [msg('{"choices":[{"index":0,"delta":{"content":"x"}}]}')]);
      expect(ended).toStrictEqual([]);
    });

    it('emits one done per stream', () => {
      const { pushed } = run({ protocol: 'openai-chat' }, [msg('{"choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}]}'), msg('[DONE]'), msg('[DONE]')]);
      expect(pushed).toStrictEqual([{ type: 'done', finishReason: 'content-filter' }]);
    });

    it('ignores choices other than the first', () => {
      const { pushed } = run({ protocol: 'openai-chat' }, [msg('{"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]}')]);
      expect(pushed).toStrictEqual([{ type: 'text-delta', delta: 'mine' }]);
    });

    it('a new id at a busy index (servers that reuse index 0 or send none) completes the previous call', () => {
      const { pushed } = run({ protocol: 'openai-chat' }, [
        msg('{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"a","function":{"name":"f","arguments":"{\\"x\\":1}"}}]}}]}'),
        msg('{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"b","function":{"name":"g","arguments":"{}"}}]}}]}'),
        msg('{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}'),
      ]);
      expect(pushed).toStrictEqual([
        { type: 'tool-call-start', toolCallId: 'a', name: 'f' },
        { type: 'tool-call-delta', toolCallId: 'a', argsDelta: '{"x":1}' },
        { type: 'tool-call', toolCallId: 'a', name: 'f', args: { x: 1 } },
        { type: 'tool-call-start', toolCallId: 'b', name: 'g' },
        { type: 'tool-call-delta', toolCallId: 'b', argsDelta: '{}' },
        { type: 'tool-call', toolCallId: 'b', name: 'g', args: {} },
      ]);
    });

    it('arguments that come before the name are sent once the call starts', () => {
      const { pushed } = run({ protocol: 'openai-chat' }, [
        call(0, '"function":{"arguments":"{\\"a\\""}'),
        call(0, '"id":"c9","function":{"name":"f","arguments":":2}"}'),
        msg('[DONE]'),
      ]);
      expect(pushed).toStrictEqual([
        { type: 'tool-call-start', toolCallId: 'c9', name: 'f' },
        { type: 'tool-call-delta', toolCallId: 'c9', argsDelta: '{"a":2}' },
        { type: 'tool-call', toolCallId: 'c9', name: 'f', args: { a: 2 } },
        { type: 'done' },
      ]);
    });

    it('shows a refusal as text', () => {
      const { pushed } = run({ protocol: 'openai-chat' }, [msg('{"choices":[{"index":0,"delta":{"content":null,"refusal":"I can’t help with that."}}]}')]);
      expect(pushed).toStrictEqual([{ type: 'text-delta', delta: 'I can’t help with that.' }]);
    });

    it('passes invalid argument JSON on as raw text, after a non-fatal error', () => {
      const { pushed } = run({ protocol: 'openai-chat' }, [
        call(0, '"id":"c1","function":{"name":"f","arguments":"{\\"a\\": tru"}'),
        msg('{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}'),
      ]);
      expect(pushed.slice(2)).toMatchObject([
        { type: 'error', code: 'malformed_tool_arguments', fatal: false },
        { type: 'tool-call', toolCallId: 'c1', name: 'f', args: '{"a": tru' },
      ]);
    });
  });

  describe('anthropic', () => {
    it('end() completes a tool_use block that never got content_block_stop, and a finish without message_stop', () => {
      const { ended } = run({ protocol: 'anthropic' }, [
        msg('{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"tu","name":"f","input":{}}}'),
        msg('{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"x\\":2}"}}'),
        msg('{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":3}}'),
      ]);
      expect(ended).toStrictEqual([
        { type: 'tool-call', toolCallId: 'tu', name: 'f', args: { x: 2 } },
        { type: 'done', finishReason: 'length', usage: { outputTokens: 3, totalTokens: 3 } },
      ]);
    });

    it('marks client errors as not retryable', () => {
      const { pushed } = run({ protocol: 'anthropic' }, [msg('{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}', 'error')]);
      expect(pushed).toStrictEqual([{ type: 'error', message: 'bad', code: 'invalid_request_error', retryable: false }]);
    });
  });

  describe('openai-responses', () => {
    it('completes a function call once, from whichever done event comes first', () => {
      const { pushed } = run({ protocol: 'openai-responses' }, [
        msg('{"type":"response.output_item.added","sequence_number":1,"item":{"type":"function_call","id":"fc","call_id":"call","name":"f","arguments":""}}'),
        msg('{"type":"response.output_item.done","sequence_number":2,"item":{"type":"function_call","id":"fc","call_id":"call","name":"f","arguments":"{\\"k\\":1}"}}'),
        msg('{"type":"response.function_call_arguments.done","sequence_number":3,"item_id":"fc","arguments":"{\\"k\\":1}"}'),
      ]);
      expect(pushed).toStrictEqual([
        { type: 'tool-call-start', toolCallId: 'call', name: 'f', seq: 1 },
        { type: 'tool-call', toolCallId: 'call', name: 'f', args: { k: 1 }, seq: 2 },
      ]);
    });

    it('puts a message position on its last event only, so dedupe by seq drops nothing', () => {
      const { pushed } = run({ protocol: 'openai-responses' }, [
        msg('{"type":"response.output_item.added","sequence_number":1,"item":{"type":"function_call","id":"fc","call_id":"call","name":"f"}}'),
        msg('{"type":"response.function_call_arguments.done","sequence_number":2,"item_id":"fc","arguments":"{oops"}'),
      ]);
      expect(pushed[1]).toMatchObject({ type: 'error', code: 'malformed_tool_arguments' });
      expect(pushed[1]?.seq).toBeUndefined();
      expect(pushed[2]).toMatchObject({ type: 'tool-call', args: '{oops', seq: 2 });
    });
  });

  describe('ai-sdk-ui', () => {
    it('turns tool-input-error into the call plus an error result', () => {
      const { pushed } = run({ protocol: 'ai-sdk-ui' }, [
        msg('{"type":"tool-input-error","toolCallId":"c","toolName":"f","input":{"bad":true},"errorText":"Invalid input"}'),
      ]);
      expect(pushed).toStrictEqual([
        { type: 'tool-call', toolCallId: 'c', name: 'f', args: { bad: true } },
        { type: 'tool-result', toolCallId: 'c', result: 'Invalid input', isError: true },
      ]);
    });

    it('[DONE] without finish is still done; after finish it adds nothing', () => {
      expect(run({ protocol: 'ai-sdk-ui' }, [msg('[DONE]')]).pushed).toStrictEqual([{ type: 'done' }]);
      expect(run({ protocol: 'ai-sdk-ui' }, [msg('{"type":"finish","finishReason":"tool-calls"}'), msg('[DONE]')]).pushed).toStrictEqual([
        { type: 'done', finishReason: 'tool-calls' },
      ]);
    });

    it('data-status with a string is a status line', () => {
      expect(run({ protocol: 'ai-sdk-ui' }, [msg('{"type":"data-status","data":"Thinking…"}')]).pushed).toStrictEqual([{ type: 'status', text: 'Thinking…' }]);
    });
  });
});

describe('decodeChatStream', () => {
  it('ends quietly, without flushing, when the signal aborts', async () => {
    const controller = new AbortController();
    const encoder = new TextEncoder();
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        if (pulls > 50) return c.close(); // bounded
        c.enqueue(encoder.encode(`data: {"choices":[{"index":0,"delta":{"content":"${pulls}"},"finish_reason":null}]}\n\n`));
      },
    });
    const seen: ChatEvent[] = [];
    for await (const event of decodeChatStream(body, { protocol: 'openai-chat', signal: controller.signal })) {
      seen.push(event);
      if (seen.length === 3) controller.abort();
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeLessThan(50);
    expect(seen.every((e) => e.type === 'text-delta')).toBe(true);
  });

  it.each([
    ['protocol named', { protocol: 'openai-chat' as const }],
    ['auto, body peeked', { protocol: 'auto' as const }],
  ])('breaking out of the loop cancels the body (%s)', async (_label, options) => {
    let cancelled = false;
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulls++;
        if (pulls > 100) return c.close(); // bounded
        c.enqueue(new TextEncoder().encode(`data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${pulls}"}}]}\n\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of decodeChatStream(body, options)) {
      expect(event).toStrictEqual({ type: 'text-delta', delta: '1' });
      break;
    }
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(100);
  });

  it('throws event_too_large past maxEventSize', async () => {
    const body = textStream(`data: {"choices":[{"index":0,"delta":{"content":"${'x'.repeat(5000)}"}}]}\n\n`);
    await expect(collect(decodeChatStream(body, { protocol: 'openai-chat', maxEventSize: 1000 }))).rejects.toMatchObject({ code: 'event_too_large' });
  });
});
