import type { ChatState } from './ChatState';
import type { ChatOptions } from './ChatOptions';
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
 * and the log keeps the first result. Internal; in the lazy session chunk (loaded with the
 * first check), `endpoint` the session's.
 */
export function createClientToolRunner(kit: LazySessionKit, getOptions: () => ChatOptions, endpoint: string): ClientToolRunner {
  const running = new Map<string, AbortController>();

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
    let body: { result: unknown; isError?: boolean };
    try {
      const result = await tool.execute(call.args ?? {}, { signal: abort.signal, toolCallId: call.toolCallId });
      body = { result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
    } catch (e) {
      body = { result: { message: `${call.name} failed in the page: ${kit.messageOf(e)}` }, isError: true };
    }
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
