import type { ChatEvent } from '../../core/events';
import type { ModelRequest, ModelSource, ToolDefinition } from '../types';
import { createDemoTools } from './demoTools';
import { createRandom } from './createRandom';
import { hashString } from './hashString';
import { readTurn, writeMockScript } from './mockScript';
import { mockTitle } from './mockTitle';

/** Options of {@link createMockModel}. */
export interface MockModelOptions {
  /** Pause before each event, in ms. `0` (tests) emits as fast as possible. Default `15`. */
  delayMs?: number;
  /** Alternative to `delayMs`: events per second (`delayMs = 1000 / tokensPerSecond`). */
  tokensPerSecond?: number;
  /** How long the demo tools take, in ms. Default `0`. */
  toolDelayMs?: number;
  /**
   * Fault: the chat handler drops the HTTP connection of the start request after this many
   * events (the generation itself goes on; the client must resume). Read by the handler.
   */
  dropAfterEvents?: number;
  /** Fault: after this many events of one call, emit a retryable `overloaded_error` and stop. */
  failAfterEvents?: number;
  /** Clock for the abort records. Default `Date.now`. */
  now?: () => number;
}

/** One abort the mock saw: when the signal fired and when the mock stopped. */
export interface MockAbortRecord {
  abortedAt: number;
  stoppedAt: number;
  /** Events the mock emitted after the signal fired (0 when it honours aborts promptly). */
  eventsAfterAbort: number;
}

/** The mock model: a {@link ModelSource} with demo tools, fault settings and counters. */
export interface MockModel extends ModelSource {
  /** The demo tools (see `createDemoTools`); the handler uses them when given no `tools`. */
  readonly tools: ToolDefinition[];
  /** Fault injection the handler applies to its connections. */
  readonly faults: { dropAfterEvents?: number };
  /** How many times `stream` was called. */
  readonly calls: number;
  /** How many calls were stopped by their abort signal. */
  readonly aborts: number;
  /** One record per abort, oldest first. */
  readonly abortRecords: readonly MockAbortRecord[];
}

/**
 * A deterministic model for demos and tests: the same prompt always gives the same answer
 * (the seed is a hash of the prompt). It writes realistic markdown (headings, lists, a
 * table, a code block, `[12:45, Sarah Johnson]` and `[1]` citations with a `citations`
 * event), status lines, reasoning and tool calls. Prompt keywords pick a scenario:
 * `error`, `broken` (a failing tool), `weather` (two parallel tool calls), `table`, `code`
 * (`python` for Python), `long`, `quick`/`hello`; anything else is the research scenario
 * (two parallel tool calls, then a cited answer). Tokens are 1-6 characters.
 *
 * @example
 * ```ts
 * const model = createMockModel({ delayMs: 0 });
 * const handler = createChatHandler({ model }); // uses model.tools
 * ```
 */
export function createMockModel(options: MockModelOptions = {}): MockModel {
  const delayMs = options.delayMs ?? (options.tokensPerSecond ? 1000 / options.tokensPerSecond : 15);
  const now = options.now ?? Date.now;
  const records: MockAbortRecord[] = [];
  let calls = 0;
  let aborts = 0;
  let callIndex = 0;

  async function* stream(request: ModelRequest): AsyncGenerator<ChatEvent> {
    calls++;
    const call = callIndex++;
    const { signal } = request;
    let abortedAt: number | undefined;
    let afterAbort = 0;
    const onAbort = (): void => {
      abortedAt = now();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });

    const { prompt, outcomes } = readTurn(request.messages);
    // A regeneration (`variant`) writes another answer: other token splits, and it says which take it is.
    const variant = request.variant ?? 0;
    const rnd = createRandom(hashString(`${prompt}#${outcomes.length}${variant > 0 ? `#${variant}` : ''}`));
    let emitted = 0;
    let stopped = false;
    try {
      for (const event of scriptEvents(prompt, outcomes, rnd.int, call, variant)) {
        await pause(delayMs, signal);
        if (signal.aborted) {
          stopped = true;
          return;
        }
        if (options.failAfterEvents !== undefined && emitted >= options.failAfterEvents) {
          yield {
            type: 'error',
            code: 'overloaded_error',
            status: 529,
            retryable: true,
            message: `The mock model failed after ${emitted} events (failAfterEvents). Retry the request.`,
          };
          return;
        }
        emitted++;
        if (abortedAt !== undefined) afterAbort++;
        yield event;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (abortedAt !== undefined || stopped) {
        aborts++;
        records.push({ abortedAt: abortedAt ?? now(), stoppedAt: now(), eventsAfterAbort: afterAbort });
      }
    }
  }

  return {
    name: 'mock',
    tools: createDemoTools({ delayMs: options.toolDelayMs ?? 0 }),
    faults: { dropAfterEvents: options.dropAfterEvents },
    stream,
    title: (request) => mockTitle(request.prompt, delayMs * 10, request.signal),
    get calls() {
      return calls;
    },
    get aborts() {
      return aborts;
    },
    get abortRecords() {
      return records;
    },
  };
}

function* scriptEvents(
  prompt: string,
  outcomes: Parameters<typeof writeMockScript>[1],
  int: (min: number, max: number) => number,
  call: number,
  variant: number,
): Generator<ChatEvent> {
  const chunks = (text: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < text.length; ) {
      const size = int(1, 6);
      out.push(text.slice(i, i + size));
      i += size;
    }
    return out;
  };
  let finishReason = 'stop';
  let outputTokens = 0;
  let take = variant > 0 ? `Take ${variant + 1}: ` : '';
  for (const beat of writeMockScript(prompt, outcomes)) {
    switch (beat.kind) {
      case 'status':
        yield { type: 'status', text: beat.text };
        break;
      case 'citations':
        yield { type: 'citations', citations: beat.citations };
        break;
      case 'reasoning':
        for (const delta of chunks(beat.text)) {
          outputTokens++;
          yield { type: 'reasoning-delta', delta };
        }
        break;
      case 'text':
        // Before a heading, table, list, quote or code block the take is a paragraph of its own (else it reads "Take 2: # Title").
        if (take && /^(?:#|\||```|[-*+>] |\d+\. )/.test(beat.text)) take = `${take.trimEnd()}\n\n`;
        for (const delta of chunks(take + beat.text)) {
          take = '';
          outputTokens++;
          yield { type: 'text-delta', delta };
        }
        break;
      case 'error':
        yield { type: 'error', message: beat.message, code: beat.code, status: beat.status, retryable: true };
        return;
      case 'tool-calls': {
        const ids = beat.calls.map((_, i) => `call_${call}_${i}_${int(100000, 999999)}`);
        for (const [i, c] of beat.calls.entries()) {
          const toolCallId = ids[i] as string;
          yield { type: 'tool-call-start', toolCallId, name: c.name };
          for (const argsDelta of chunks(JSON.stringify(c.args))) yield { type: 'tool-call-delta', toolCallId, argsDelta };
          yield { type: 'tool-call', toolCallId, name: c.name, args: c.args };
        }
        finishReason = 'tool-calls';
        break;
      }
    }
  }
  yield { type: 'done', finishReason, usage: { inputTokens: Math.ceil(prompt.length / 4), outputTokens } };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
