import type { ChatState } from './ChatState';
import type { ChatOptions } from './ChatOptions';
import type { ClientTool } from './ClientTool';
import type { LazySessionKit } from './LazySessionKit';
import { pageDeviceId } from './pageDeviceId';
import { requestJson } from './requestJson';
import type { ToolCallPart } from './types';

/** Runs the page's tools for the calls that wait for them; see {@link createClientToolRunner}. */
export interface ClientToolRunner {
  /** Claims and runs every call of a page tool that waits in `state` and is not taken yet; aborts those whose answer ended. */
  check(state: ChatState): void;
  /**
   * The user's answer on a call a reload interrupted (a tool with `onReload: 'ask'`), from
   * any of their devices: posts the choice to the claim route, where exactly one is
   * written; `'rerun'` then runs it in this page (this device's claim now), `'report'` has
   * the server write an error result saying it was interrupted. Resolves once the run's
   * result is posted (or another answer came first). Rejects for `'rerun'` when this page
   * does not declare the tool.
   */
  settle(state: ChatState, toolCallId: string, choice: 'rerun' | 'report'): Promise<void>;
}

/** A posted claim's answer: this device's claim, another device's, or none (the call ended). */
type Claim = { by: string } | null;

/** The calls this page is running now, across every runner of the page (a thread switch makes a new one). */
const RUNNING_HERE = new Set<string>();

/**
 * The page side of `clientTools`. The session calls `check` while it reads the live
 * stream of the conversation itself (one tab per browser under multi-tab: the leader;
 * never during a replay). A call whose part is `executing` with no result, of a tool this
 * page declared, is first claimed (`POST {endpoint}/{id}/tool-calls/{toolCallId}/claim`
 * with this browser's device id, `pageDeviceId`): the server writes one claim, so only
 * the device that got it runs the call; another device leaves it (its card says where it
 * runs). The claimant runs it and POSTs the result (or the error) to `.../result`, which
 * the server applies once.
 *
 * A call claimed by this device that no page of it is running (a reload, a closed tab,
 * a thread switch: found with a Web Lock held while it runs, `navigator.locks`, and
 * within the page) follows the tool's `onReload`: `'rerun'` runs it again, `'report'`
 * posts an error result saying it was interrupted, `'ask'` notes it in the log
 * (`interrupted`) and leaves the choice to the user (`settle`, the card's buttons, on any
 * of the user's devices: the one choice the server writes decides, and a "run again" makes
 * the chooser's device the one that runs it).
 * Internal; in the lazy session chunk (loaded with the first check), `endpoint` the
 * session's, `device` this browser's id (tests give their own).
 */
// Over 80 lines: the claim, the run, the interrupted call's three answers and the result share one set of calls in flight.
export function createClientToolRunner(
  kit: LazySessionKit,
  getOptions: () => ChatOptions,
  endpoint: string,
  device: string = pageDeviceId(),
): ClientToolRunner {
  /** Calls this runner is claiming, running or answering now. */
  const busy = new Map<string, AbortController>();
  /** Calls this runner is done with while they still wait: another device's, or posted already. */
  const passed = new Set<string>();

  const post = async (conversationId: string, toolCallId: string, route: 'claim' | 'result', body: unknown): Promise<unknown> => {
    const base = endpoint.replace(/\/+$/, '');
    const url = `${base}/${encodeURIComponent(conversationId)}/tool-calls/${encodeURIComponent(toolCallId)}/${route}`;
    try {
      return (await requestJson(kit, getOptions(), url, { method: 'POST', body })).json;
    } catch (e) {
      // 409: a claim or a result is in already (its body says whose); 404: the answer ended.
      const status = (e as { status?: number }).status;
      if (status === 409 && e instanceof kit.ChatwireError) return (e.details as { body?: unknown } | undefined)?.body ?? null;
      if (status !== 404) console.error(`chatwire: the ${route} of tool call ${toolCallId} could not be posted:`, kit.messageOf(e));
      return null;
    }
  };

  const report = (conversationId: string, call: ToolCallPart): Promise<unknown> =>
    post(conversationId, call.toolCallId, 'result', { result: { message: `${call.name} was interrupted by a reload of the page and was not run again.` }, isError: true });

  /** Runs the call under its lock and posts the result; `claimFirst` (under the lock too) may call it off. */
  const run = async (conversationId: string, call: ToolCallPart, tool: ClientTool, signal: AbortSignal, claimFirst?: () => Promise<boolean>): Promise<void> => {
    await holdRun(call.toolCallId, async () => {
      if (claimFirst && !(await claimFirst())) return;
      const body = await execute(kit, tool, call, signal);
      if (!signal.aborted) await post(conversationId, call.toolCallId, 'result', body);
    });
  };

  /** A call this device claimed that no page of it runs now. */
  const interrupted = async (conversationId: string, call: ToolCallPart, tool: ClientTool, signal: AbortSignal): Promise<void> => {
    if (await runningOnThisDevice(call.toolCallId)) return;
    const onReload = tool.onReload ?? 'rerun';
    if (onReload === 'rerun') await run(conversationId, call, tool, signal);
    else if (onReload === 'report') await report(conversationId, call);
    else await post(conversationId, call.toolCallId, 'claim', { device, interrupted: true });
  };

  const take = async (conversationId: string, call: ToolCallPart, tool: ClientTool, signal: AbortSignal): Promise<void> => {
    if (call.claimedBy === device) return interrupted(conversationId, call, tool, signal);
    const answer = (await post(conversationId, call.toolCallId, 'claim', { device })) as { claim?: Claim; seq?: number } | null;
    if (signal.aborted || answer?.claim?.by !== device) return;
    // A 409 with this device's claim: another page of this browser claimed it first.
    if (answer.seq === undefined) return interrupted(conversationId, call, tool, signal);
    await run(conversationId, call, tool, signal);
  };

  const start = (conversationId: string, call: ToolCallPart, work: (signal: AbortSignal) => Promise<unknown>): Promise<void> => {
    const abort = new AbortController();
    busy.set(call.toolCallId, abort);
    return work(abort.signal)
      .then(() => undefined)
      .catch((e: unknown) => console.error(`chatwire: tool call ${call.toolCallId} failed in the page:`, kit.messageOf(e)))
      .finally(() => {
        if (busy.get(call.toolCallId) === abort) busy.delete(call.toolCallId);
        passed.add(call.toolCallId);
      });
  };

  const toolOf = (call: ToolCallPart): ClientTool | undefined => getOptions().clientTools?.find((t) => t.name === call.name);

  return {
    check(state) {
      const waiting = new Set<string>();
      const { conversationId } = state;
      const message = state.messages.find((m) => m.id === state.activeMessageId);
      for (const part of message?.parts ?? []) {
        if (part.type !== 'tool-call' || part.state !== 'executing' || part.result !== undefined) continue;
        const tool = toolOf(part);
        if (!tool) continue;
        waiting.add(part.toolCallId);
        if (busy.has(part.toolCallId) || passed.has(part.toolCallId) || part.interrupted || !conversationId) continue;
        if (part.claimedBy !== undefined && part.claimedBy !== device) {
          passed.add(part.toolCallId);
          continue;
        }
        void start(conversationId, part, (signal) => take(conversationId, part, tool, signal));
      }
      for (const [id, abort] of busy) {
        if (waiting.has(id)) continue;
        abort.abort();
        busy.delete(id);
      }
      for (const id of passed) if (!waiting.has(id)) passed.delete(id);
    },

    async settle(state, toolCallId, choice) {
      const call = state.messages.flatMap((m) => m.parts).find((p): p is ToolCallPart => p.type === 'tool-call' && p.toolCallId === toolCallId);
      const { conversationId } = state;
      if (!call || !conversationId || call.result !== undefined || busy.has(toolCallId)) return;
      if (choice === 'report') return start(conversationId, call, () => post(conversationId, toolCallId, 'claim', { device, choice }));
      const tool = toolOf(call);
      if (!tool) {
        throw new Error(`chatwire: this page does not declare the tool "${call.name}" (clientTools), so it cannot run call ${toolCallId}; report it as interrupted, or run it again from a page that declares it.`);
      }
      // The choice is posted under the run's lock: this browser's other tabs see the run as the call becomes this device's.
      return start(conversationId, call, (signal) =>
        run(conversationId, call, tool, signal, async () => {
          const answer = (await post(conversationId, toolCallId, 'claim', { device, choice })) as { claim?: Claim; seq?: number } | null;
          return !signal.aborted && answer?.seq !== undefined && answer.claim?.by === device;
        }),
      );
    },
  };
}

/** The Web Lock a page holds while it runs a call, so other tabs of the browser see the run. */
const lockName = (toolCallId: string): string => `chatwire:tool-run:${toolCallId}`;

/** Runs `work` as this device's run of the call: in {@link RUNNING_HERE} and under its Web Lock. */
async function holdRun(toolCallId: string, work: () => Promise<void>): Promise<void> {
  RUNNING_HERE.add(toolCallId);
  try {
    const locks = globalThis.navigator?.locks;
    if (locks) await locks.request(lockName(toolCallId), work);
    else await work();
  } finally {
    RUNNING_HERE.delete(toolCallId);
  }
}

/** Whether a page of this browser runs the call now (this page, or a tab holding its lock). */
async function runningOnThisDevice(toolCallId: string): Promise<boolean> {
  if (RUNNING_HERE.has(toolCallId)) return true;
  try {
    const locks = await globalThis.navigator?.locks?.query();
    return [...(locks?.held ?? []), ...(locks?.pending ?? [])].some((lock) => lock.name === lockName(toolCallId));
  } catch {
    return false;
  }
}

/** Runs the call: its result as JSON, or its error as an error result. */
async function execute(kit: LazySessionKit, tool: ClientTool, call: ToolCallPart, signal: AbortSignal): Promise<{ result: unknown; isError?: boolean }> {
  try {
    const result = await tool.execute(call.args ?? {}, { signal, toolCallId: call.toolCallId });
    return { result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  } catch (e) {
    return { result: { message: `${call.name} failed in the page: ${kit.messageOf(e)}` }, isError: true };
  }
}
