import type { ChatOptions } from '../../../src/core/session/ChatOptions';
import { initialChatState, type ChatState } from '../../../src/core/session/ChatState';
import type { ClientTool } from '../../../src/core/session/ClientTool';
import { loadLazySession } from '../../../src/core/session/loadLazySession';
import type { ToolCallPart } from '../../../src/core/session/types';

const call = (toolCallId: string, rest: Partial<ToolCallPart> = {}): ToolCallPart => ({ type: 'tool-call', toolCallId, name: 'pick_file', argsText: '{}', args: {}, state: 'executing', runsOn: 'page', ...rest });
const stateWith = (...parts: ToolCallPart[]): ChatState => ({ ...initialChatState, conversationId: 'c1', activeMessageId: 'a1', phase: 'executing', messages: [{ id: 'a1', role: 'assistant', parts }] });

/** A server that keeps the first claim and the first choice of each call (like the claim route) and answers results with 200. */
function claimServer() {
  const claims = new Map<string, string>();
  const choices = new Map<string, { by: string; choice: string }>();
  const posts: Array<{ url: string; body: unknown }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const body = JSON.parse(String(init?.body)) as { device?: string; interrupted?: boolean; choice?: string };
    posts.push({ url, body });
    const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
    if (!url.endsWith('/claim')) return json({ seq: 9 });
    const id = url.split('/').at(-2) as string;
    if (body.interrupted) return json({ seq: 11 });
    if (body.choice) {
      const chosen = choices.get(id);
      if (chosen) return json({ error: { code: 'choice_exists', message: 'answered' }, choice: chosen }, 409);
      choices.set(id, { by: body.device as string, choice: body.choice });
      return json(body.choice === 'rerun' ? { claim: { by: body.device }, seq: 12 } : { seq: 13 });
    }
    const first = claims.get(id);
    if (first !== undefined) return json({ error: { code: 'claim_exists', message: 'claimed' }, claim: { by: first } }, 409);
    claims.set(id, body.device as string);
    return json({ claim: { by: body.device }, seq: 10 });
  }) as typeof globalThis.fetch;
  return { fetch, posts, claims };
}

async function runner(server: ReturnType<typeof claimServer>, device: string, onReload?: ClientTool['onReload'], execute?: ClientTool['execute']) {
  const runs: string[] = [];
  const options: ChatOptions = {
    fetch: server.fetch,
    clientTools: [{ name: 'pick_file', onReload, execute: execute ?? ((_args, { toolCallId }) => (runs.push(`${device}:${toolCallId}`), { file: 'a.txt' })) }],
  };
  const lazy = await loadLazySession();
  return { runner: lazy.createClientToolRunner(() => options, '/api/chat', device), runs };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
const resultPosts = (server: ReturnType<typeof claimServer>) => server.posts.filter((p) => p.url.endsWith('/result'));

describe('createClientToolRunner', () => {
  it('claims each waiting call of a page tool, runs it once, posts its result; skips other tools, calls with a result and calls another device claimed', async () => {
    const server = claimServer();
    const { runner: r, runs } = await runner(server, 'laptop');
    const state = stateWith(call('t1'), call('t2', { name: 'server_tool' }), call('t3', { state: 'result', result: 1 }), call('t4', { claimedBy: 'phone' }));
    r.check(state);
    r.check(state);
    await settle();
    expect(runs).toEqual(['laptop:t1']);
    expect(server.posts).toEqual([
      { url: '/api/chat/c1/tool-calls/t1/claim', body: { device: 'laptop' } },
      { url: '/api/chat/c1/tool-calls/t1/result', body: { result: { file: 'a.txt' } } },
    ]);
  });

  it('two devices read the same call: exactly one claim wins, only its device runs the call', async () => {
    const server = claimServer();
    const laptop = await runner(server, 'laptop');
    const phone = await runner(server, 'phone');
    laptop.runner.check(stateWith(call('t1')));
    phone.runner.check(stateWith(call('t1')));
    await settle();
    expect([...laptop.runs, ...phone.runs]).toEqual(['laptop:t1']);
    expect(resultPosts(server)).toHaveLength(1);
    // The claim reaches the phone through the log: it stays out.
    phone.runner.check(stateWith(call('t1', { claimedBy: 'laptop' })));
    await settle();
    expect(phone.runs).toEqual([]);
  });

  it('a call this device claimed that no page of it runs: onReload "rerun" runs it again, "report" reports it, "ask" marks it interrupted and waits for settle', async () => {
    const server = claimServer();
    const claimed = (id: string) => call(id, { claimedBy: 'laptop' });

    const rerun = await runner(server, 'laptop', 'rerun');
    rerun.runner.check(stateWith(claimed('t1')));
    await settle();
    expect(rerun.runs).toEqual(['laptop:t1']);

    const report = await runner(server, 'laptop', 'report');
    report.runner.check(stateWith(claimed('t2')));
    await settle();
    expect(report.runs).toEqual([]);
    expect(resultPosts(server).at(-1)).toEqual({ url: '/api/chat/c1/tool-calls/t2/result', body: { result: { message: 'pick_file was interrupted by a reload of the page and was not run again.' }, isError: true } });

    const ask = await runner(server, 'laptop', 'ask');
    ask.runner.check(stateWith(claimed('t3'), claimed('t4')));
    await settle();
    expect(ask.runs).toEqual([]);
    expect(server.posts.filter((p) => (p.body as { interrupted?: boolean }).interrupted)).toEqual([
      { url: '/api/chat/c1/tool-calls/t3/claim', body: { device: 'laptop', interrupted: true } },
      { url: '/api/chat/c1/tool-calls/t4/claim', body: { device: 'laptop', interrupted: true } },
    ]);
    // Marked in the log: the next checks leave it to the user.
    const asked = stateWith(call('t3', { claimedBy: 'laptop', interrupted: true }), call('t4', { claimedBy: 'laptop', interrupted: true }));
    ask.runner.check(asked);
    await ask.runner.settle(asked, 't3', 'rerun');
    await ask.runner.settle(asked, 't4', 'report');
    expect(ask.runs).toEqual(['laptop:t3']);
    // Each answer is a choice on the claim route; the run's result is the page's, the report's the server's.
    expect(server.posts.filter((p) => (p.body as { choice?: string }).choice)).toEqual([
      { url: '/api/chat/c1/tool-calls/t3/claim', body: { device: 'laptop', choice: 'rerun' } },
      { url: '/api/chat/c1/tool-calls/t4/claim', body: { device: 'laptop', choice: 'report' } },
    ]);
    expect(resultPosts(server).at(-1)).toEqual({ url: '/api/chat/c1/tool-calls/t3/result', body: { result: { file: 'a.txt' } } });
  });

  it('an interrupted call answered on two devices at once: the first choice wins and only its device runs it; a page without the tool can report it, not run it', async () => {
    const server = claimServer();
    const laptop = await runner(server, 'laptop', 'ask');
    const phone = await runner(server, 'phone', 'ask');
    const asked = stateWith(call('t1', { claimedBy: 'laptop', interrupted: true }));
    await Promise.all([laptop.runner.settle(asked, 't1', 'rerun'), phone.runner.settle(asked, 't1', 'rerun')]);
    expect([...laptop.runs, ...phone.runs]).toHaveLength(1);
    expect(resultPosts(server)).toHaveLength(1);

    const bare = (await loadLazySession()).createClientToolRunner(() => ({ fetch: server.fetch }), '/api/chat', 'tablet');
    const other = stateWith(call('t2', { claimedBy: 'laptop', interrupted: true }));
    await expect(bare.settle(other, 't2', 'rerun')).rejects.toThrow('this page does not declare the tool "pick_file" (clientTools), so it cannot run call t2');
    await bare.settle(other, 't2', 'report');
    expect(server.posts.at(-1)).toEqual({ url: '/api/chat/c1/tool-calls/t2/claim', body: { device: 'tablet', choice: 'report' } });
  });

  it('a call still running in this page (a thread switch made a new runner) is not run again by the new runner', async () => {
    const server = claimServer();
    let finish: (value: unknown) => void = () => {};
    const first = await runner(server, 'laptop', 'rerun', () => new Promise((resolve) => (finish = resolve)));
    first.runner.check(stateWith(call('t1')));
    await settle();
    const second = await runner(server, 'laptop', 'rerun');
    second.runner.check(stateWith(call('t1', { claimedBy: 'laptop' })));
    await settle();
    expect(second.runs).toEqual([]);
    finish({ file: 'b.txt' });
    await settle();
    expect(resultPosts(server)).toEqual([{ url: '/api/chat/c1/tool-calls/t1/result', body: { result: { file: 'b.txt' } } }]);
  });

  it('aborts a run whose call stopped waiting (the answer ended)', async () => {
    const server = claimServer();
    let signal: AbortSignal | undefined;
    const { runner: r } = await runner(server, 'laptop', 'rerun', (_args, context) => {
      signal = context.signal;
      return new Promise(() => {});
    });
    r.check(stateWith(call('t1')));
    await settle();
    expect(signal?.aborted).toBe(false);
    r.check(stateWith(call('t1', { state: 'error', result: { message: 'The page did not run pick_file in time.' } })));
    expect(signal?.aborted).toBe(true);
  });
});
