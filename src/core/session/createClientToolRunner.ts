import type { ChatState } from './ChatState';
import type { ChatOptions } from './ChatOptions';
import type { ChatStorage } from './ChatStorage';
import type { ClientTool } from './ClientTool';
import type { LazySessionKit } from './LazySessionKit';
import { requestJson } from './requestJson';
import type { ToolCallPart } from './types';

/** Runs the page's tools for the calls that wait for them; see {@link createClientToolRunner}. */
export interface ClientToolRunner {
  /** Starts every call of a page tool that waits in `state` and is not running here yet; aborts those whose answer ended. */
  check(state: ChatState): void;
}

/**
 * The page side of `clientTools`. The session calls `check` while it reads the live
 * stream of the conversation itself (one tab per browser under multi-tab: the leader;
 * never during a replay), so a call is run by the tab that leads. A call whose part is
 * `executing` with no result and whose name is a page tool is run once per page; its
 * result (or its error) is POSTed to `{endpoint}/{id}/tool-calls/{toolCallId}/result`,
 * which the server applies once: a reload or a new leader that runs it again gets 409,
 * and the log keeps the first result. The calls this tab started are remembered in the
 * session's `storage` (at most 32), so after a reload a call it had started follows the
 * tool's `onReload`. Internal; in the lazy session chunk (loaded with the first check),
 * `endpoint` the session's.
 */
export function createClientToolRunner(kit: LazySessionKit, getOptions: () => ChatOptions, endpoint: string): ClientToolRunner {
  const running = new Map<string, AbortController>();
  const started = startedCalls(getOptions(), endpoint);

  const post = async (conversationId: string, toolCallId: string, body: { result: unknown; isError?: boolean }): Promise<void> => {
    const options = getOptions();
    const base = endpoint.replace(/\/+$/, '');
    const url = `${base}/${encodeURIComponent(conversationId)}/tool-calls/${encodeURIComponent(toolCallId)}/result`;
    try {
      await requestJson(kit, options, url, { method: 'POST', body });
    } catch (e) {
      // 409: the result is in already (another run of it won); 404: the answer ended. Neither needs more.
      const status = (e as { status?: number }).status;
      if (status !== 409 && status !== 404) console.error(`chatwire: the result of tool call ${toolCallId} could not be posted:`, kit.messageOf(e));
    }
  };

  const run = async (conversationId: string, call: ToolCallPart, abort: AbortController): Promise<void> => {
    const tool = getOptions().clientTools?.find((t) => t.name === call.name);
    if (!tool) return;
    const interrupted = started.has(call.toolCallId);
    started.add(call.toolCallId);
    const body = interrupted && tool.onReload === 'report'
      ? { result: { message: `${call.name} was interrupted by a reload of the page and was not run again.` }, isError: true }
      : await execute(kit, tool, call, abort.signal);
    if (!abort.signal.aborted) await post(conversationId, call.toolCallId, body);
  };

  return {
    check(state) {
      const names = new Set(getOptions().clientTools?.map((t) => t.name));
      const waiting = new Set<string>();
      const conversationId = state.conversationId;
      const message = state.messages.find((m) => m.id === state.activeMessageId);
      for (const part of message?.parts ?? []) {
        if (part.type !== 'tool-call' || part.state !== 'executing' || part.result !== undefined || !names.has(part.name)) continue;
        waiting.add(part.toolCallId);
        if (running.has(part.toolCallId) || !conversationId) continue;
        const abort = new AbortController();
        running.set(part.toolCallId, abort);
        void run(conversationId, part, abort);
      }
      for (const [id, abort] of running) {
        if (waiting.has(id)) continue;
        abort.abort();
        running.delete(id);
      }
    },
  };
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

/** Most started calls remembered per tab. */
const MAX_REMEMBERED = 32;

/** The tool calls this tab started, in `storage` (default `sessionStorage`) under the session's key + `:tools`. */
function startedCalls(options: ChatOptions, endpoint: string): { has(id: string): boolean; add(id: string): void } {
  const key = `${options.storageKey ?? `chatwire:stream:${endpoint}`}:tools`;
  const storage = (): ChatStorage | null => {
    if (options.storage !== undefined) return options.storage;
    try {
      return typeof globalThis.sessionStorage === 'undefined' ? null : globalThis.sessionStorage;
    } catch {
      return null;
    }
  };
  const read = (): string[] => {
    try {
      const value: unknown = JSON.parse(storage()?.getItem(key) ?? '[]');
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    has: (id) => read().includes(id),
    add(id) {
      try {
        storage()?.setItem(key, JSON.stringify([...read().filter((x) => x !== id), id].slice(-MAX_REMEMBERED)));
      } catch {
        // quota or privacy mode: a reload then runs the call again
      }
    },
  };
}
