import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../demo/server';
import { ACTIVE_PHASES } from '../../src/core/session/phases';
import type { ChatPhase } from '../../src/core/session/types';
import { createMockModel } from '../../src/server/index';
import { answerText, conversationIdOf, openDemo, sendPrompt, waitForPhase } from './chatPage';
import { launchChromium } from './chromium';
import { ensureDemoBuilt } from './demoBuild';

/**
 * Chromium flags that keep every page of the run rendering at full rate: headless Chromium
 * throttles timers and frames of pages it considers hidden or occluded, and a follower
 * page measured that way shows the throttling, not chatwire.
 */
export const unthrottledArgs = [
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

/** How the follower page gets the conversation. */
export type FollowMode =
  /** Tab B of the same browser context, opened with the page's "Open in another tab" link. */
  | 'tab'
  /** A page of a second browser context (another device), signed in with the page's link: follows through the server. */
  | 'device';

/** One chat API request the server saw. */
export interface ApiRequestRecord {
  method: string;
  path: string;
  /** A stream: `POST {endpoint}` or `GET {endpoint}/{id}/stream`. */
  stream: boolean;
  openedAt: number;
  closedAt: number | null;
}

/** What one run of {@link measureFollowLag} measured. */
export interface FollowLagRun {
  mode: FollowMode;
  /** For each text the follower showed: its time minus the time the leader first showed that text (or more), in ms. */
  lagsMs: number[];
  /** Texts the leader showed during the answer (one lag each). */
  leaderSteps: number;
  /** Texts the follower showed during the answer. */
  followerSteps: number;
  /** The final answer text of each page (whitespace-normalized). */
  leaderText: string;
  followerText: string;
  /** Both pages reported `document.visibilityState === 'visible'` when the answer started and ended. */
  visible: boolean;
  /** Longest wait, per page, from a DOM change to the next animation frame (a throttled page shows ~1000 ms). */
  frameDelayMaxMs: { leader: number; follower: number };
  /** Chat API requests the server saw while the follower page opened and synced (before the measured prompt). */
  requestsWhileOpening: ApiRequestRecord[];
  /** Most stream connections open at once on the server while the answer's POST stream was open (from 1 s after it opened). */
  maxOpenStreams: number;
  /** The stream connections open at the moment {@link FollowLagRun.maxOpenStreams} were. */
  streamsOpenAtMost: ApiRequestRecord[];
  /** Stream connections opened on the server from the send until the answer's POST stream closed (the POST included). */
  streamsOpened: ApiRequestRecord[];
}

/** Options of {@link measureFollowLag}. */
export interface FollowLagOptions {
  browser: Browser;
  demo: DemoServer;
  /** The recorder of API requests the demo server was started with. */
  requests: ApiRequestLog;
  mode: FollowMode;
  /** The first prompt (a new conversation). Default a short one. */
  firstPrompt?: string;
  /** The measured prompt, sent in the leader once the follower shows the conversation. */
  prompt?: string;
  /** Wait for the leader's answer, in ms. Default 120 s. */
  timeoutMs?: number;
  /**
   * `mode: 'tab'` only: open the tab with a plain click and bring the leader's tab back to
   * the front, so the follower is the tab behind it (throttled by headless Chromium to about
   * one frame a second). A diagnostic of the measurement, not of chatwire. Default `false`.
   */
  followerBehind?: boolean;
}

/** Records the chat API requests a demo server sees (pass `log.onApiRequest` to `startDemoServer`). */
export interface ApiRequestLog {
  readonly records: ApiRequestRecord[];
  onApiRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Stream connections open at `time` (`performance.timeOrigin + performance.now()` clock). */
  openStreamsAt(time: number): number;
}

/** The clock the pages' records use: wall time with sub-millisecond resolution. */
export function clockNow(): number {
  return performance.timeOrigin + performance.now();
}

export function createApiRequestLog(endpoint = '/api/chat'): ApiRequestLog {
  const records: ApiRequestRecord[] = [];
  const streamPath = new RegExp(`^${endpoint.replace(/[/]/g, '\\/')}\\/[^/]+\\/stream$`);
  return {
    records,
    onApiRequest(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const method = req.method ?? 'GET';
      const record: ApiRequestRecord = {
        method,
        path: req.url ?? path,
        stream: (method === 'POST' && path === endpoint) || (method === 'GET' && streamPath.test(path)),
        openedAt: clockNow(),
        closedAt: null,
      };
      records.push(record);
      res.once('close', () => {
        record.closedAt = clockNow();
      });
    },
    openStreamsAt(time) {
      return records.filter((r) => r.stream && r.openedAt <= time && (r.closedAt === null || r.closedAt > time)).length;
    },
  };
}

/** What the recorder keeps in each page: `[time, text]` whenever the last answer's visible text changed. */
type Recorded = Array<[number, string]>;

/**
 * Installed in every page of a context: a MutationObserver that, after each DOM change,
 * reads the last answer's visible text in the next animation frame and records it with the
 * frame's timestamp on the shared clock (`performance.timeOrigin + rAF time`). Recording
 * starts with `window.__lag.start()`. Plain JavaScript in a string, so no bundler helper
 * (tsx's `__name`) ends up in the page.
 */
const recorderScript = `(() => {
  const lag = { on: false, records: [], start: null };
  window.__lag = lag;
  let queued = false;
  let changedAt = 0;
  lag.frameDelays = [];
  let last = '';
  const read = () => {
    const answers = document.querySelectorAll('.cw-message[data-role="assistant"]');
    const answer = answers[answers.length - 1];
    const blocks = answer ? [...answer.querySelectorAll('.cw-markdown')] : [];
    return blocks.map((el) => el.innerText).join('\\n').replace(/\\s+/g, ' ').trim();
  };
  const onFrame = (time) => {
    queued = false;
    if (!lag.on) return;
    lag.frameDelays.push(performance.now() - changedAt);
    const text = read();
    if (text === last) return;
    last = text;
    lag.records.push([performance.timeOrigin + time, text]);
  };
  lag.start = () => {
    lag.on = true;
    lag.records = [];
    lag.frameDelays = [];
    last = read();
  };
  const observer = new MutationObserver(() => {
    if (queued || !lag.on) return;
    queued = true;
    changedAt = performance.now();
    requestAnimationFrame(onFrame);
  });
  const observe = () => observer.observe(document, { subtree: true, childList: true, characterData: true });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observe);
  else observe();
})();`;

async function records(page: Page): Promise<Recorded> {
  return page.evaluate<Recorded>('window.__lag.records');
}

async function frameDelayMax(page: Page): Promise<number> {
  return page.evaluate<number>('Math.max(0, ...window.__lag.frameDelays)');
}

async function visible(page: Page): Promise<boolean> {
  return page.evaluate<boolean>("document.visibilityState === 'visible' && !document.hidden");
}

/**
 * The follower's lag behind the leader, per piece of text: for each text the leader showed
 * (part of the final answer), the time the follower first showed that text (or more) minus
 * the time the leader showed it. Negative when the follower showed it first.
 */
export function matchLags(leader: Recorded, follower: Recorded, finalText: string): number[] {
  const inAnswer = (text: string): boolean => text.length > 0 && finalText.startsWith(text);
  const follow = follower.filter(([, text]) => inAnswer(text));
  const lags: number[] = [];
  let from = 0;
  for (const [time, text] of leader) {
    if (!inAnswer(text)) continue;
    // Both texts only grow, so the follower's first match moves forward with the leader's.
    while (from < follow.length && !(follow[from] as [number, string])[1].startsWith(text)) from++;
    const match = follow[from];
    if (match) lags.push(match[0] - time);
  }
  return lags;
}

/** Waits until the last answers of both pages show the same text, the follower's no longer streaming. */
async function waitForSameAnswer(leader: Page, follower: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let a = '';
  let b = '';
  let phase: string | null = null;
  while (Date.now() < deadline) {
    phase = await follower.locator('.cw-widget').getAttribute('data-phase');
    a = await answerText(leader);
    b = await answerText(follower);
    if (a.length > 0 && a === b && !ACTIVE_PHASES.has((phase ?? 'idle') as ChatPhase)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`The follower page did not show the leader's answer within ${timeoutMs} ms: leader ${a.length} chars, follower ${b.length} chars (phase ${phase}).`);
}

/**
 * Runs the scenario in the demo: a new conversation in page A (the leader), page B
 * opened on it (`mode`), then a long prompt in A while both record every visible text
 * change on one clock. Returns B's lag per text step of A, the final texts and what the
 * server saw.
 */
export async function measureFollowLag(options: FollowLagOptions): Promise<FollowLagRun> {
  const { browser, demo, requests, mode } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const contexts: BrowserContext[] = [];
  try {
    const first = await browser.newContext();
    contexts.push(first);
    await first.addInitScript(recorderScript);
    const leader = await openDemo(first, demo.url);
    await sendPrompt(leader, options.firstPrompt ?? 'hello there');
    await conversationIdOf(leader);
    await waitForPhase(leader, 'complete', timeoutMs);
    // Let the leader settle between answers (the demo's follow connection opens).
    await leader.waitForTimeout(300);

    const openedFrom = requests.records.length;
    let follower: Page;
    if (mode === 'tab') {
      // Shift+click opens the link in a new window, so each page is the front page of its
      // window, as two windows side by side. A plain click opens a tab in front of the
      // first one, and headless Chromium then gives the tab behind about one animation
      // frame a second (while it still reports `visibilityState === 'visible'`).
      const opened = first.waitForEvent('page');
      const link = leader.getByRole('link', { name: 'Open in another tab' });
      await link.click(options.followerBehind ? {} : { modifiers: ['Shift'] });
      follower = await opened;
      follower.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      await follower.waitForLoadState();
    } else {
      const second = await browser.newContext();
      contexts.push(second);
      await second.addInitScript(recorderScript);
      const link = await leader.getByRole('textbox', { name: /another device/ }).inputValue();
      follower = await openDemo(second, link);
    }
    await waitForSameAnswer(leader, follower, 15_000);
    if (options.followerBehind) await leader.bringToFront();
    await follower.waitForTimeout(300);
    const requestsWhileOpening = requests.records.slice(openedFrom);

    await Promise.all([leader, follower].map((page) => page.evaluate('window.__lag.start()')));
    const sentFrom = requests.records.length;
    await sendPrompt(leader, options.prompt ?? 'Write something long about rivers and tabs');
    await leader.waitForFunction(
      () => ['generating', 'tool-calling'].includes(document.querySelector('.cw-widget')?.getAttribute('data-phase') ?? ''),
      undefined,
      { timeout: timeoutMs, polling: 20 },
    );
    let visibleBoth = (await visible(leader)) && (await visible(follower));
    await waitForPhase(leader, 'complete', timeoutMs);
    await waitForSameAnswer(leader, follower, 15_000);
    visibleBoth = visibleBoth && (await visible(leader)) && (await visible(follower));

    const leaderText = await answerText(leader);
    const followerText = await answerText(follower);
    const leaderRecords = await records(leader);
    const followerRecords = await records(follower);

    // The answer's stream: the leader's POST. While it was open (from 1 s after it opened:
    // a connection the send replaced takes a moment to close on a busy machine), how many
    // streams were open?
    const post = requests.records.slice(sentFrom).find((r) => r.stream && r.method === 'POST');
    if (!post) throw new Error('The server saw no POST stream for the measured prompt.');
    const from = post.openedAt + 1_000;
    const to = post.closedAt ?? clockNow();
    const moments = requests.records
      .flatMap((r) => [r.openedAt, r.closedAt ?? to])
      .filter((t) => t >= from && t < to)
      .concat(from);
    const busiest = moments.reduce((best, t) => (requests.openStreamsAt(t) > requests.openStreamsAt(best) ? t : best), from);
    return {
      mode,
      lagsMs: matchLags(leaderRecords, followerRecords, leaderText),
      leaderSteps: leaderRecords.filter(([, text]) => text.length > 0 && leaderText.startsWith(text)).length,
      followerSteps: followerRecords.filter(([, text]) => text.length > 0 && leaderText.startsWith(text)).length,
      leaderText,
      followerText,
      visible: visibleBoth,
      frameDelayMaxMs: { leader: await frameDelayMax(leader), follower: await frameDelayMax(follower) },
      requestsWhileOpening,
      maxOpenStreams: requests.openStreamsAt(busiest),
      streamsOpenAtMost: requests.records.filter((r) => r.stream && r.openedAt <= busiest && (r.closedAt === null || r.closedAt > busiest)),
      streamsOpened: requests.records.slice(sentFrom).filter((r) => r.stream && r.openedAt < to),
    };
  } finally {
    for (const context of contexts) await context.close();
  }
}

/** The `p`-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A demo server with the mock model and a request log, for lag runs. */
export async function startLagDemo(delayMs = 8): Promise<{ demo: DemoServer; requests: ApiRequestLog }> {
  const staticDir = await ensureDemoBuilt();
  const requests = createApiRequestLog();
  const demo = await startDemoServer({
    port: 0,
    staticDir,
    model: createMockModel({ delayMs }),
    onApiRequest: requests.onApiRequest,
  });
  return { demo, requests };
}

/** Chromium with the test flags plus {@link unthrottledArgs}. */
export function launchUnthrottledChromium(): Promise<Browser> {
  return launchChromium(unthrottledArgs);
}

/** Reads an SSE body, calling `onId` with each event id and `onLive` at the `: live` comment, as they arrive. */
async function readIds(body: ReadableStream<Uint8Array>, onId: (id: string, at: number) => void, onLive: (at: number) => void, stop: () => boolean): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    while (!stop()) {
      const { done, value } = await reader.read();
      if (done) return;
      const at = clockNow();
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('id:')) onId(line.slice(3).trim(), at);
        else if (line.trim() === ': live') onLive(at);
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * The server's own delivery to a follower, without a browser: a POST starts an answer,
 * a second connection follows the conversation (`{endpoint}/{id}/stream?follow=1`), and for
 * each event that arrived live on both (after the follow route's `: live` marker) the
 * follower's arrival time minus the POST's, in ms.
 */
export async function measureServerDelivery(demo: DemoServer, prompt = 'Write something long about rivers and tabs'): Promise<number[]> {
  const home = await fetch(demo.url);
  await home.arrayBuffer();
  const cookie = (home.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const origin = new URL(demo.url).origin;
  const post = await fetch(new URL('/api/chat', demo.url), {
    method: 'POST',
    headers: { cookie, origin, 'content-type': 'application/json' },
    body: JSON.stringify({ message: { id: `bench-${Date.now()}`, text: prompt } }),
  });
  const id = post.headers.get('x-chatwire-conversation-id');
  if (!post.ok || !post.body || !id) throw new Error(`POST /api/chat answered ${post.status} without a stream and conversation id.`);
  const abort = new AbortController();
  const follow = await fetch(new URL(`/api/chat/${encodeURIComponent(id)}/stream?follow=1`, demo.url), { headers: { cookie }, signal: abort.signal });
  if (!follow.ok || !follow.body) throw new Error(`The follow route answered ${follow.status}.`);
  const posted = new Map<string, number>();
  const followed = new Map<string, number>();
  let liveAt = Number.POSITIVE_INFINITY;
  let lastPosted: string | null = null;
  let postEnded = false;
  const reading = readIds(follow.body, (eventId, at) => followed.set(eventId, at), (at) => (liveAt = Math.min(liveAt, at)), () => postEnded && lastPosted !== null && followed.has(lastPosted));
  await readIds(post.body, (eventId, at) => {
    posted.set(eventId, at);
    lastPosted = eventId;
  }, () => undefined, () => false);
  postEnded = true;
  await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  abort.abort();
  await reading.catch(() => undefined);
  const lags: number[] = [];
  for (const [eventId, at] of posted) {
    const seen = followed.get(eventId);
    if (seen !== undefined && at > liveAt) lags.push(seen - at);
  }
  return lags;
}
