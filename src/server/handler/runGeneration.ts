import type { ApprovalDecisionEvent, ChatEvent, DoneEvent, Usage } from '../../core/events';
import { foldMessage, openMessage } from '../../core/session/foldMessage';
import { joinText } from '../../core/session/joinText';
import { isTerminalEvent } from '../../core/session/phases';
import type { ChatMessage, ToolCallPart } from '../../core/session/types';
import type { ActiveStream, ConversationStore } from '../store/ConversationStore';
import type { ModelSource, ToolDefinition } from '../types';
import { messageOf } from '../../core/messageOf';
import { createApprovalGate, type ApprovalGate } from './approvalGate';
import { appendQueuedOf } from '../store/appendQueued';

/** What one generation needs; see {@link runGeneration}. */
export interface GenerationContext {
  store: ConversationStore;
  model: ModelSource;
  tools: ToolDefinition[];
  stream: ActiveStream;
  /** The prompt answered, with its `parentId`: new, or the one a regeneration answers again. */
  userMessage: ChatMessage;
  /** `false` for a regeneration: the prompt is already in the log and the history. @defaultValue `true` */
  newPrompt?: boolean;
  /** The active path before the prompt, as the model reads it (bounded by the caller). */
  history: ChatMessage[];
  /** How many answers the prompt had before this one (`ModelRequest.variant`). @defaultValue `0` */
  variant?: number;
  /** Branch choices that put the prompt on the active path, written with the prompt's and the answer's when it ends. */
  selection?: Record<string, string>;
  maxSteps: number;
  /** Default wait for an approval decision, in ms (`needsApproval` tools). */
  approvalTimeoutMs?: number;
  /** Tools the page declared (`clientTools` of the start request): the page runs their calls. */
  clientTools?: ReadonlySet<string>;
  /** How long the page may take to run one, in ms. */
  clientToolTimeoutMs?: number;
  signal: AbortSignal;
  now: () => number;
  /** Called right before the terminal event is appended. */
  onFinishing?: () => void;
}

/**
 * Runs one generation in the background: the step loop (model, server-side tools in
 * parallel, model again with their results, at most `maxSteps` model calls), appending
 * every event to the conversation log. Ends with exactly one `done`, `error` or
 * `cancelled`, after persisting the user message and the (possibly partial) answer.
 */
// Over 80 lines: the step loop reads as one sequence (model call, tools, next step, the one terminal event in finally); its parts (tool runs, approvals, persistence) are their own modules.
export async function runGeneration(ctx: GenerationContext): Promise<void> {
  const { store, model, stream } = ctx;
  const conversationId = stream.conversationId;
  const startedAt = stream.startedAt;
  // The model and tools stop on a cancel (ctx.signal) and when the store fails.
  const stopper = new AbortController();
  const signal = stopper.signal;
  const onCancel = (): void => stopper.abort(ctx.signal.reason);
  if (ctx.signal.aborted) onCancel();
  else ctx.signal.addEventListener('abort', onCancel, { once: true });
  const log = createAppendQueue(store, conversationId, () => stopper.abort(STORE_FAILED));
  // The history is the client's fold of the same events: what a reload shows is what was live.
  const promptId = ctx.userMessage.id;
  const newPrompt = ctx.newPrompt !== false;
  const userEvent: ChatEvent = { type: 'user-message', messageId: promptId, text: joinText(ctx.userMessage.parts), parentId: ctx.userMessage.parentId ?? '', at: startedAt };
  const userMessage = foldMessage(openMessage(promptId, 'user', startedAt), userEvent);
  userMessage.parentId = ctx.userMessage.parentId ?? '';
  let answer = openMessage(stream.messageId, 'assistant', startedAt);
  answer.parentId = promptId;
  /** Every event carries the server's time, so the history keeps tool timings and resumes keep them. */
  const stamp = (event: ChatEvent): ChatEvent => ({ ...event, at: ctx.now() });
  const flat = createTextFlattener();
  /** Folds and appends `event`; a promise only when the generation must wait (see {@link createAppendQueue}). */
  const emit = (event: ChatEvent): Promise<void> | undefined => {
    const stamped = stamp(event);
    answer = foldMessage(answer, stamped);
    if (event.type === 'text-delta' || event.type === 'reasoning-delta') flat(answer, event.delta.length);
    return log.write(stamped);
  };
  const approvals = createApprovalGate({
    store, conversationId, streamId: stream.streamId, userId: stream.userId,
    timeoutMs: ctx.approvalTimeoutMs ?? 600_000, clientToolTimeoutMs: ctx.clientToolTimeoutMs, now: ctx.now, signal,
    flush: () => log.flush(),
    fold: (event) => {
      answer = foldMessage(answer, event);
    },
    onFailure: (error) => {
      gateFailure ??= error;
      stopper.abort(STORE_FAILED);
    },
  });
  let gateFailure: unknown;
  let terminal: ChatEvent | undefined;
  let finishReason = 'stop';
  const usage: Usage = {};
  try {
    try {
      if (newPrompt) await log.write(userEvent);
      await log.write({ type: 'session', conversationId, streamId: stream.streamId, messageId: stream.messageId, parentId: promptId, at: startedAt });
      const variant = ctx.variant ?? 0;
      for (let step = 0; step < ctx.maxSteps; step++) {
        // The model reads only the active path: the history before the prompt, the prompt, this answer so far.
        const messages = [...ctx.history, ctx.userMessage, ...(step > 0 ? [snapshot(answer)] : [])];
        let stepDone: DoneEvent | undefined;
        const source = untilAborted(model.stream({ conversationId, messages, tools: ctx.tools, signal, ...(variant > 0 ? { variant } : {}) }), signal);
        try {
          for (let next = await source.next(); next !== ABORTED && !next.done; next = await source.next()) {
            const event = next.value;
            if (event.type === 'done') {
              stepDone = event;
              addUsage(usage, event.usage);
            } else if (isTerminalEvent(event)) {
              terminal = event;
              break;
            } else if (event.type !== 'session' && event.type !== 'user-message') {
              const waiting = emit(event);
              if (waiting) await waiting;
            }
          }
        } finally {
          source.close();
        }
        if (signal.aborted || terminal) break;
        const calls = pendingToolCalls(answer);
        finishReason = stepDone?.finishReason ?? 'stop';
        if (calls.length === 0) break;
        const clientSide = await runTools(calls, { ...ctx, signal }, emit, approvals);
        if (signal.aborted || clientSide) break;
        if (step === ctx.maxSteps - 1) finishReason = 'max-steps';
      }
    } catch (error) {
      if (log.failure() === undefined && !signal.aborted) {
        const message = messageOf(error);
        terminal = {
          type: 'error',
          code: 'model_error',
          retryable: true,
          message: `The model "${model.name}" failed: ${message}. The partial answer was kept; try again.`,
        };
      }
    }
    await log.flush();
    if (gateFailure !== undefined) throw gateFailure;
    if (signal.aborted) {
      if (log.failure() === undefined) await approvals.closePending();
      terminal = { type: 'cancelled', reason: reasonOf(signal) };
    }
    terminal ??= {
      type: 'done',
      finishReason,
      ...(Object.keys(usage).length > 0 ? { usage } : {}),
      processingTimeMs: ctx.now() - startedAt,
    };
    terminal = stamp(terminal);
    answer = foldMessage(answer, terminal);
    await store.appendMessages(conversationId, newPrompt ? [userMessage, snapshot(answer)] : [snapshot(answer)]);
    // The new branch is the one shown, wherever an earlier choice pointed (docs/branches.md).
    await store.setSelection?.(conversationId, { ...ctx.selection, [ctx.userMessage.parentId ?? '']: promptId, [promptId]: stream.messageId });
    ctx.onFinishing?.();
    await store.append(conversationId, terminal);
  } catch (error) {
    // The store failed (not the model). If it takes writes again, the subscribers get a
    // terminal error; if not, their own subscriptions end with store_unavailable.
    await store
      .append(conversationId, stamp({
        type: 'error',
        code: 'store_unavailable',
        retryable: true,
        message: 'The conversation store failed while this answer was being written, so it stopped here. Retry in a moment.',
      }))
      .catch(() => undefined);
    throw new Error(`the conversation store failed, so the generation stopped: ${messageOf(log.failure() ?? gateFailure ?? error)}`);
  } finally {
    ctx.signal.removeEventListener('abort', onCancel);
    await store.endStream(conversationId, stream.streamId).catch((error: unknown) => {
      console.error(`chatwire: could not end stream ${stream.streamId} of conversation ${conversationId} in the store:`, messageOf(error));
    });
  }
}

/** Deltas folded before the answer's text is made flat again (and only once they add an eighth to it). */
const FLATTEN_AFTER = 256;

/**
 * Keeps a long answer's text a few strings, not one per token. Appending a delta makes a
 * string that points at the text before and the delta, so an answer of 10,000 tokens held
 * in memory is a chain of 20,000 objects for the garbage collector to walk on every full
 * collection (1,000 answers of 1,000 tokens: 107 MB of heap and 140 ms of CPU per full
 * collection, against 41 MB and 34 ms flattened every 256). Reading the text as a number
 * has the engine copy it into one string (its value does not change). Copies are spaced so
 * that they cost at most about 8 times the text once, however long it grows.
 */
function createTextFlattener(): (message: ChatMessage, deltaLength: number) => void {
  let loose = 0;
  let looseChars = 0;
  let flatChars = 0;
  return (message, deltaLength) => {
    loose++;
    looseChars += deltaLength;
    if (loose < FLATTEN_AFTER || looseChars * 8 < flatChars) return;
    flatChars += looseChars;
    loose = 0;
    looseChars = 0;
    for (const part of message.parts) if (part.type === 'text' || part.type === 'reasoning') Number(part.text);
  };
}

/** The abort reason when the store failed (not a cancel). */
const STORE_FAILED = 'store_unavailable';

/** Unconfirmed appends one generation may have in flight (stores that keep call order). */
const APPEND_WINDOW = 64;

/**
 * The generation's writes, in order. A store that keeps call order
 * ({@link ConversationStore.ordersConcurrentAppends}) gets up to {@link APPEND_WINDOW}
 * appends without waiting for each (the Redis store then writes them in one batch, and
 * tells each outcome to one callback of the generation: no promise per event); any other
 * is awaited event by event. The first failure stops everything (`onFailure`) and
 * is rethrown by `write` and `flush`.
 */
function createAppendQueue(store: ConversationStore, conversationId: string, onFailure: () => void) {
  const pipelined = store.ordersConcurrentAppends === true;
  /** The store's promise-free append, when it has one (one callback for every event). */
  const queued = pipelined ? appendQueuedOf(store) : undefined;
  let inFlight = 0;
  let failure: unknown;
  let waiting: (() => void) | undefined;
  const check = (): void => {
    if (failure !== undefined) throw failure;
  };
  const settle = (): void => {
    inFlight--;
    const w = waiting;
    waiting = undefined;
    w?.();
  };
  const fail = (error: unknown): void => {
    failure ??= error;
    onFailure();
  };
  const failAndSettle = (error: unknown): void => {
    fail(error);
    settle();
  };
  const done = (error: unknown): void => {
    if (error === null) settle();
    else failAndSettle(error);
  };
  const until = async (ok: () => boolean): Promise<void> => {
    while (!ok() && failure === undefined) await new Promise<void>((resolve) => (waiting = resolve));
    check();
  };
  return {
    /** Appends `event`; returns a promise only when the caller must wait (its window is full, or the store is awaited event by event). */
    write(event: ChatEvent): Promise<void> | undefined {
      check();
      if (!pipelined) return store.append(conversationId, event).then(check, (error: unknown) => {
        fail(error);
        check();
      });
      inFlight++;
      if (queued) queued(conversationId, event, done);
      else store.append(conversationId, event).then(settle, failAndSettle);
      if (inFlight >= APPEND_WINDOW) return until(() => inFlight < APPEND_WINDOW / 2);
      return undefined;
    },
    /** Waits until every write is confirmed; throws the first failure. */
    flush: (): Promise<void> => until(() => inFlight === 0),
    failure: (): unknown => failure,
  };
}

/**
 * Runs the step's tool calls in parallel: `tool-executing`, then `tool-result` as each
 * ends (errors as `isError`). Unknown tools get an error result so the model can recover.
 * A call that needs approval waits for its decision first (in parallel with the others);
 * one not approved gets a `tool-result` with `isError` saying it was not run.
 * @returns whether a call needs a client-side tool (no `execute`): the generation stops there.
 */
async function runTools(
  calls: ToolCallPart[],
  ctx: GenerationContext,
  emit: (event: ChatEvent) => Promise<void> | undefined,
  approvals: ApprovalGate,
): Promise<boolean> {
  const byName = new Map(ctx.tools.map((t) => [t.name, t]));
  let clientSide = false;
  const jobs: Array<Promise<void>> = [];
  for (const call of calls) {
    const tool = byName.get(call.name);
    if (tool && !tool.execute && ctx.clientTools?.has(tool.name)) {
      jobs.push(approvals.runOnPage(call));
      continue;
    }
    if (tool && !tool.execute) {
      clientSide = true;
      continue;
    }
    if (!tool) {
      const known = ctx.tools.map((t) => t.name).join(', ') || 'none';
      await emit({
        type: 'tool-result',
        toolCallId: call.toolCallId,
        isError: true,
        result: { message: `No tool named "${call.name}" on this server (available: ${known}).` },
      });
      continue;
    }
    const execute = tool.execute as NonNullable<ToolDefinition['execute']>;
    const run = async (): Promise<void> => {
      let result: unknown;
      let isError = false;
      try {
        result = await untilAbortedPromise(
          Promise.resolve().then(() => execute(call.args, { signal: ctx.signal, conversationId: ctx.stream.conversationId })),
          ctx.signal,
        );
      } catch (error) {
        isError = true;
        result = { message: messageOf(error) };
      }
      if (ctx.signal.aborted) return;
      await emit({ type: 'tool-result', toolCallId: call.toolCallId, result: result ?? null, ...(isError ? { isError } : {}) });
    };
    if (!(await approvals.needs(tool, call))) {
      await emit({ type: 'tool-executing', toolCallId: call.toolCallId });
      jobs.push(run());
      continue;
    }
    jobs.push(
      (async () => {
        const decision = await approvals.ask(tool, call);
        if (!decision || ctx.signal.aborted) return;
        if (!decision.approved) {
          await emit({ type: 'tool-result', toolCallId: call.toolCallId, isError: true, result: { message: denialMessage(call.name, decision) } });
          return;
        }
        await emit({ type: 'tool-executing', toolCallId: call.toolCallId });
        await run();
      })(),
    );
  }
  await Promise.all(jobs);
  return clientSide;
}

/** The result a call that was not approved gets: what the model reads, so it can say so. */
function denialMessage(name: string, decision: ApprovalDecisionEvent): string {
  const why = decision.reason ? ` Reason: ${decision.reason}` : '';
  switch (decision.decidedBy) {
    case 'timeout':
      return `Not run: nobody approved this ${name} call in time.`;
    case 'stop':
      return `Not run: the answer was stopped while this ${name} call awaited approval.`;
    default:
      return `Not run: the user denied this ${name} call.${why}`;
  }
}

const ABORTED = Symbol('aborted');

/**
 * `source`, read one `next()` at a time, that stops at once when `signal` aborts (`next`
 * gives {@link ABORTED}), even if the source is stuck. One listener on the signal for the
 * whole run (not one race per item: a long answer would pile a reaction per token on a
 * promise that never settles), and no async generator around it (a token costs one
 * promise, not a generator's round trip). `close` ends it, and the source when it did not
 * end by itself.
 */
function untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): { next(): Promise<IteratorResult<T> | typeof ABORTED>; close(): void } {
  const iterator = source[Symbol.asyncIterator]();
  let stopWaiting: ((value: typeof ABORTED) => void) | undefined;
  /** `signal.aborted`, kept by the listener (the getter checks its receiver on every call). */
  let aborted = signal.aborted;
  const onAbort = (): void => {
    aborted = true;
    stopWaiting?.(ABORTED);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  return {
    next() {
      if (aborted) return Promise.resolve(ABORTED);
      return new Promise<IteratorResult<T> | typeof ABORTED>((resolve, reject) => {
        stopWaiting = resolve;
        iterator.next().then((result) => {
          finished = result.done === true;
          resolve(result);
        }, reject);
      });
    },
    close() {
      stopWaiting = undefined;
      signal.removeEventListener('abort', onAbort);
      // Do not await: a source that ignores its signal must not hold the generation.
      if (!finished) void iterator.return?.()?.catch(() => undefined);
    },
  };
}

function untilAbortedPromise<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function addUsage(total: Usage, add: Usage | undefined): void {
  if (!add) return;
  for (const key of ['inputTokens', 'outputTokens', 'reasoningTokens', 'totalTokens'] as const) {
    const value = add[key];
    if (value !== undefined) total[key] = (total[key] ?? 0) + value;
  }
}

/**
 * A JSON copy of the answer (what the wire carries: later changes to tool results or
 * arguments do not reach it), so the history holds exactly what clients saw live.
 */
function snapshot(message: ChatMessage): ChatMessage {
  return JSON.parse(JSON.stringify(message)) as ChatMessage;
}

/** Tool calls of the latest step that are called but have neither started running nor a result. */
function pendingToolCalls(message: ChatMessage): ToolCallPart[] {
  return message.parts.filter((p): p is ToolCallPart => p.type === 'tool-call' && p.state === 'called');
}


function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' ? reason : 'user';
}
