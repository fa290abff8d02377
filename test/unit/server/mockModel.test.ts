import type { ChatEvent } from '../../../src/core/events';
import type { ChatMessage, ToolCallPart } from '../../../src/core/session/types';
import { createDemoTools } from '../../../src/server/models/demoTools';
import { createMockModel } from '../../../src/server/models/mock';
import { pickScenario, writeMockScript } from '../../../src/server/models/mockScript';

const user = (text: string): ChatMessage => ({ id: 'u', role: 'user', parts: [{ type: 'text', text }] });

async function run(model: ReturnType<typeof createMockModel>, messages: ChatMessage[], signal = new AbortController().signal): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const e of model.stream({ conversationId: 'c', messages, tools: model.tools, signal })) out.push(e);
  return out;
}

const text = (events: ChatEvent[]) => events.map((e) => (e.type === 'text-delta' ? e.delta : '')).join('');

/** Runs the tool calls of `events` with the demo tools and returns the assistant message the handler would send back. */
async function withResults(events: ChatEvent[]): Promise<ChatMessage> {
  const tools = createDemoTools();
  const parts: ToolCallPart[] = [];
  for (const e of events) {
    if (e.type !== 'tool-call') continue;
    const tool = tools.find((t) => t.name === e.name);
    try {
      const result = await tool?.execute?.(e.args, { signal: new AbortController().signal, conversationId: 'c' });
      parts.push({ type: 'tool-call', toolCallId: e.toolCallId, name: e.name, argsText: '', args: e.args, state: 'result', result });
    } catch (error) {
      parts.push({ type: 'tool-call', toolCallId: e.toolCallId, name: e.name, argsText: '', args: e.args, state: 'error', isError: true, result: { message: (error as Error).message } });
    }
  }
  return { id: 'a', role: 'assistant', parts };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createMockModel', () => {
  it('is deterministic: the same prompt gives the same events, another prompt another answer', async () => {
    const a = await run(createMockModel({ delayMs: 0 }), [user('Tell me about the roadmap table')]);
    const b = await run(createMockModel({ delayMs: 0 }), [user('Tell me about the roadmap table')]);
    const c = await run(createMockModel({ delayMs: 0 }), [user('Tell me about the budget table')]);
    expect(b).toEqual(a);
    expect(text(c)).not.toBe(text(a));
  });

  it("a regeneration's take is its own paragraph before an answer that opens with a heading, inline before plain text", async () => {
    const take = async (prompt: string) => {
      const model = createMockModel({ delayMs: 0 });
      const events: ChatEvent[] = [];
      for await (const e of model.stream({ conversationId: 'c', messages: [user(prompt)], tools: model.tools, signal: new AbortController().signal, variant: 1 })) events.push(e);
      return text(events);
    };
    expect(await take('something long please')).toMatch(/^Take 2:\n\n# /);
    expect(await take('hello')).toMatch(/^Take 2: (?:Hello|Hi there|Hey)! I am/);
  });

  it('writes tokens of 1 to 6 characters', async () => {
    const events = await run(createMockModel({ delayMs: 0 }), [user('something long please')]);
    const sizes = events.flatMap((e) => (e.type === 'text-delta' || e.type === 'reasoning-delta' ? [e.delta.length] : []));
    expect(sizes.length).toBeGreaterThan(200);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
    expect(new Set(sizes).size).toBeGreaterThan(3);
  });

  it('research: status, thinking, two tool calls; then with the results a cited markdown answer', async () => {
    const model = createMockModel({ delayMs: 0 });
    const first = await run(model, [user('What did we decide about onboarding?')]);
    expect(first[0]).toEqual({ type: 'status', text: 'Searching across 12 conversations...' });
    expect(first.some((e) => e.type === 'reasoning-delta')).toBe(true);
    const calls = first.filter((e) => e.type === 'tool-call');
    expect(calls.map((c) => c.type === 'tool-call' && c.name)).toEqual(['search_transcripts', 'lookup_sources']);
    expect(first.at(-1)).toMatchObject({ type: 'done', finishReason: 'tool-calls' });
    // Streamed argument deltas add up to the arguments.
    for (const call of calls) {
      if (call.type !== 'tool-call') continue;
      const args = first.flatMap((e) => (e.type === 'tool-call-delta' && e.toolCallId === call.toolCallId ? [e.argsDelta] : [])).join('');
      expect(JSON.parse(args)).toEqual(call.args);
    }
    const second = await run(model, [user('What did we decide about onboarding?'), await withResults(first)]);
    const answer = text(second);
    expect(answer).toMatch(/^## /);
    expect(answer).toMatch(/\n1\. /);
    expect(answer).toMatch(/\n- /);
    expect(answer).toContain('```ts\n');
    expect(answer).toMatch(/\| Speaker \| Time \| Position \|/);
    expect(answer).toMatch(/\[\d{1,2}:\d{2}, (Sarah Johnson|Marcus Lee|Priya Patel|Tom Becker)\]/);
    expect(answer).toContain('[1]');
    const citations = second.find((e) => e.type === 'citations');
    expect(citations?.type === 'citations' && citations.citations.map((c) => c.id)).toEqual(expect.arrayContaining(['1', '2']));
    expect(second.at(-1)).toMatchObject({ type: 'done', finishReason: 'stop' });
    expect(model.calls).toBe(2);
  });

  it('weather: two parallel get_weather calls in one step, then a table; "broken" reports the failing tool', async () => {
    const model = createMockModel({ delayMs: 0 });
    const prompt = 'What is the weather in Paris and Oslo?';
    const first = await run(model, [user(prompt)]);
    const calls = first.flatMap((e) => (e.type === 'tool-call' ? [e.args] : []));
    expect(calls).toEqual([{ city: 'Paris' }, { city: 'Oslo' }]);
    const second = text(await run(model, [user(prompt), await withResults(first)]));
    expect(second).toMatch(/\| Paris \| -?\d+ °C \|/);
    expect(second).toMatch(/\| Oslo \| -?\d+ °C \|/);

    const broken = await run(model, [user('broken weather')]);
    const answer = text(await run(model, [user('broken weather'), await withResults(broken)]));
    expect(answer).toContain('could not get the weather for **Atlantis**');
    expect(answer).toContain('| Berlin |');
  });

  it.each([
    ['an error please', 'error'],
    ['show a table', 'table'],
    ['some code in python', 'code'],
    ['a formula and a diagram', 'math'],
    ['a long essay', 'long'],
    ['hello there', 'quick'],
    ['what about the budget', 'research'],
  ])('picks a scenario from the prompt keywords: %s -> %s', (prompt, scenario) => {
    expect(pickScenario(prompt)).toBe(scenario);
  });

  it('code scenario writes a python block when asked for python, ts otherwise', async () => {
    const model = createMockModel({ delayMs: 0 });
    expect(text(await run(model, [user('code in python')]))).toContain('```python\n');
    expect(text(await run(model, [user('code please')]))).toContain('```ts\n');
  });

  it('error scenario and failAfterEvents emit a retryable overloaded_error and stop', async () => {
    const model = createMockModel({ delayMs: 0 });
    const events = await run(model, [user('trigger an error')]);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'overloaded_error', retryable: true });
    const failing = createMockModel({ delayMs: 0, failAfterEvents: 4 });
    const cut = await run(failing, [user('a long essay')]);
    expect(cut).toHaveLength(5);
    expect(cut[4]).toMatchObject({ type: 'error', code: 'overloaded_error', retryable: true });
  });

  it('honours the abort signal at once, even between slow tokens, and records it', async () => {
    vi.useFakeTimers({ now: 1_000 });
    const model = createMockModel({ delayMs: 1000 });
    const controller = new AbortController();
    const iterator = model.stream({ conversationId: 'c', messages: [user('a long essay')], tools: [], signal: controller.signal })[Symbol.asyncIterator]();
    const first = iterator.next();
    await vi.advanceTimersByTimeAsync(1000);
    expect((await first).done).toBe(false);
    const second = iterator.next();
    await vi.advanceTimersByTimeAsync(400);
    controller.abort();
    // No more timer time passes: the mock must stop without waiting for its next token.
    expect(await second).toEqual({ done: true, value: undefined });
    expect(model.aborts).toBe(1);
    expect(model.abortRecords).toEqual([{ abortedAt: 2_400, stoppedAt: 2_400, eventsAfterAbort: 0 }]);
  });

  it('paces events by delayMs (or tokensPerSecond) on the timer', async () => {
    vi.useFakeTimers();
    const model = createMockModel({ tokensPerSecond: 10 });
    const iterator = model.stream({ conversationId: 'c', messages: [user('hello')], tools: [], signal: new AbortController().signal })[Symbol.asyncIterator]();
    let got = 0;
    const pending = iterator.next().then(() => got++);
    await vi.advanceTimersByTimeAsync(99);
    expect(got).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(got).toBe(1);
    await iterator.return?.(undefined);
  });

  it('demo tools answer deterministically after toolDelayMs and throw for an unknown city', async () => {
    vi.useFakeTimers();
    const [, weather] = createDemoTools({ delayMs: 300 });
    const signal = new AbortController().signal;
    const p = weather?.execute?.({ city: 'Berlin' }, { signal, conversationId: 'c' });
    await vi.advanceTimersByTimeAsync(300);
    const again = weather?.execute?.({ city: 'Berlin' }, { signal, conversationId: 'c' });
    await vi.advanceTimersByTimeAsync(300);
    expect(await p).toEqual(await again);
    const bad = weather?.execute?.({ city: 'Atlantis' }, { signal, conversationId: 'c' }) as Promise<unknown>;
    const checked = expect(bad).rejects.toThrow(/no weather station for "Atlantis"/);
    await vi.advanceTimersByTimeAsync(300);
    await checked;
  });
});

describe('the mock model\'s email scenario', () => {
  const drafted = (prompt: string) => {
    const beat = writeMockScript(prompt, []).find((b) => b.kind === 'tool-calls');
    return beat?.kind === 'tool-calls' ? beat.calls[0]?.args : undefined;
  };

  it('drafts send_email to the address or name the prompt gives, about what it says, as a new user would write it', () => {
    expect(drafted('send an email to maria@acme.com about the invoice')).toMatchObject({ to: 'maria@acme.com', subject: 'About the invoice', body: 'Hello,\n\nA note about the invoice.\n\nBest regards' });
    expect(drafted("Please email tom about Friday's meeting.")).toMatchObject({ to: 'tom@example.com', subject: "About Friday's meeting" });
    expect(drafted('Send an email to Ana about the launch')).toMatchObject({ to: 'ana@example.com', subject: 'About the launch' });
    expect(drafted('send an email to the team')).toMatchObject({ to: 'team@example.com' });
  });
});
