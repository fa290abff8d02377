import type { ChatOptions } from '../../../src/core/session/ChatOptions';
import { initialChatState, type ChatState } from '../../../src/core/session/ChatState';
import type { ClientTool } from '../../../src/core/session/ClientTool';
import { loadLazySession } from '../../../src/core/session/loadLazySession';
import type { ToolCallPart } from '../../../src/core/session/types';
import { memoryStorage } from './fakeChatFetch';

const call = (toolCallId: string, rest: Partial<ToolCallPart> = {}): ToolCallPart => ({ type: 'tool-call', toolCallId, name: 'pick_file', argsText: '{}', args: {}, state: 'executing', ...rest });
const stateWith = (...parts: ToolCallPart[]): ChatState => ({ ...initialChatState, conversationId: 'c1', activeMessageId: 'a1', phase: 'executing', messages: [{ id: 'a1', role: 'assistant', parts }] });

async function setup(onReload: ClientTool['onReload'], storage = memoryStorage()) {
  const runs: string[] = [];
  const posts: Array<{ url: string; body: unknown }> = [];
  const options: ChatOptions = {
    storage,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      posts.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return new Response('{"seq":9}', { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch,
    clientTools: [{ name: 'pick_file', onReload, execute: (_args, { toolCallId }) => (runs.push(toolCallId), { file: 'a.txt' }) }],
  };
  const lazy = await loadLazySession();
  return { runner: lazy.createClientToolRunner(() => options, '/api/chat'), runs, posts, storage };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('createClientToolRunner', () => {
  it('runs each waiting call of a page tool once, posts its result, and skips other tools and calls with a result', async () => {
    const { runner, runs, posts } = await setup(undefined);
    const state = stateWith(call('t1'), call('t2', { name: 'server_tool' }), call('t3', { state: 'result', result: 1 }));
    runner.check(state);
    runner.check(state);
    await settle();
    expect(runs).toEqual(['t1']);
    expect(posts).toEqual([{ url: '/api/chat/c1/tool-calls/t1/result', body: { result: { file: 'a.txt' } } }]);
  });

  it('after a reload, a call this tab had started runs again by default, or is reported as interrupted with onReload "report"', async () => {
    const first = await setup('report');
    first.runner.check(stateWith(call('t1')));
    await settle();
    expect(first.runs).toEqual(['t1']);

    // The page reloads before the result came back: a new runner, the same session storage.
    const reloaded = await setup('report', first.storage);
    reloaded.runner.check(stateWith(call('t1'), call('t2')));
    await settle();
    expect(reloaded.runs).toEqual(['t2']);
    expect(reloaded.posts[0]).toEqual({ url: '/api/chat/c1/tool-calls/t1/result', body: { result: { message: 'pick_file was interrupted by a reload of the page and was not run again.' }, isError: true } });

    const rerun = await setup('rerun', first.storage);
    rerun.runner.check(stateWith(call('t1')));
    await settle();
    expect(rerun.runs).toEqual(['t1']);
  });
});
