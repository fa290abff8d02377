import type { ChatEvent } from '../../core/events';
import { decodeChatStream } from '../../core/protocols/index';
import { networkError, providerError } from './providerError';
import { messageOf } from '../../core/messageOf';

/** One streaming POST to a provider, decoded into ChatEvents. */
export interface ProviderCall {
  /** Provider name for messages, e.g. `"OpenAI"`. */
  provider: string;
  /** What to check when the key is refused, e.g. `"OPENAI_API_KEY or the apiKey option"`. */
  keyHint: string;
  protocol: 'openai-chat' | 'openai-responses' | 'anthropic';
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  fetch: typeof fetch;
  /** Sees the raw body before it is decoded (the Anthropic bridge keeps thinking signatures). */
  tap?: (body: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;
}

/**
 * POSTs the request with an AbortSignal that fires when the generation is cancelled or the
 * consumer stops iterating, then yields the decoded events. Failures become one fatal
 * `error` event; a cancelled call ends quietly (the handler writes `cancelled`). Provider
 * `session` events are dropped: the handler announces chatwire's own ids.
 */
export async function* streamProvider(call: ProviderCall): AsyncGenerator<ChatEvent> {
  if (call.signal.aborted) return;
  const local = new AbortController();
  const signal = AbortSignal.any([call.signal, local.signal]);
  try {
    let response: Response;
    try {
      response = await call.fetch(call.url, {
        method: 'POST',
        headers: call.headers,
        body: JSON.stringify(call.body),
        signal,
      });
    } catch (error) {
      if (!call.signal.aborted) yield networkError(call.provider, call.url, error);
      return;
    }
    if (!response.ok) {
      yield await providerError(call.provider, call.keyHint, response);
      return;
    }
    if (!response.body) {
      yield {
        type: 'error',
        message: `${call.provider} answered ${response.status} without a body; expected an event stream.`,
        code: 'empty_body',
        retryable: true,
        fatal: true,
      };
      return;
    }
    const body = call.tap ? call.tap(response.body) : response.body;
    try {
      for await (const event of decodeChatStream(body, { protocol: call.protocol, headers: response.headers, signal })) {
        if (event.type === 'session') continue;
        yield event;
      }
    } catch (error) {
      if (call.signal.aborted) return;
      yield {
        type: 'error',
        message: `The ${call.provider} stream broke off: ${messageOf(error)}.`,
        code: 'stream_failed',
        retryable: true,
        fatal: true,
      };
    }
  } finally {
    // Releases the upstream connection when the consumer stops early.
    local.abort();
  }
}
