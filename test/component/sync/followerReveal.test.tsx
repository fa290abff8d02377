/**
 * Word buffering in a follower tab: two ChatWidgets ("tabs") of one conversation on an
 * in-memory BroadcastChannel and lock manager, the leader streaming from a test stream, on
 * fake timers (the channel's hop, the frame scheduler's 16 ms fallback, the word buffer's
 * 100 ms stall). The follower must show every text the leader shows, partial words released
 * by the stall included, within one hop and one frame: never hold it longer.
 */
import { act, render } from '@testing-library/react';
import { ChatWidget } from '../../../src/components/ChatWidget';
import type { ChatEvent } from '../../../src/core/events';
import { createChatStore, type ChatStore } from '../../../src/core/store/createChatStore';
import { createFakeFetch, jsonResponse, testStream } from '../../unit/session/fakeChatFetch';
import { createMemoryChannels, createMemoryLocks } from '../../unit/sync/memoryTabs';

/** One hop on the channel (a task) plus the frame scheduler's fallback frame, in ms. */
const HOP_AND_FRAME_MS = 20;

/** The visible text of the last assistant answer in `root`. */
function shown(root: HTMLElement): string {
  const answers = root.querySelectorAll('.cw-message[data-role="assistant"]');
  const last = answers[answers.length - 1];
  return [...(last?.querySelectorAll('.cw-markdown') ?? [])].map((el) => el.textContent ?? '').join('\n');
}

async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('a follower tab reveals streamed words no later than the leader', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows each text the leader shows, a stalled partial word included, within one hop and one frame', async () => {
    // The sync chunk loads on demand: load it before the clock is faked.
    await import('../../../src/core/sync/withTabSync');
    vi.useFakeTimers();
    const channels = createMemoryChannels();
    const locks = createMemoryLocks();
    const post = testStream();
    const leaderNet = createFakeFetch((request) =>
      request.method === 'POST' ? post.response : jsonResponse(200, { conversationId: 'c1', messages: [], lastSeq: 1, activeStream: null }),
    );
    const followerNet = createFakeFetch(() => jsonResponse(500, { error: 'a follower tab must make no request' }));
    const roles: string[][] = [[], []];
    const store = (fetch: typeof globalThis.fetch, tab: 0 | 1): ChatStore =>
      createChatStore({
        endpoint: '/api/chat',
        conversationId: 'c1',
        protocol: 'chatwire',
        fetch,
        storage: null,
        transport: { idleTimeoutMs: 0 },
        // The reveal timing of one answer; no follow connection between answers.
        follow: false,
        multiTab: { channel: channels.channel, locks, onRoleChange: (role) => roles[tab]?.push(role) },
      });
    const leaderStore = store(leaderNet.fetch, 0);
    const followerStore = store(followerNet.fetch, 1);

    const leader = render(<ChatWidget store={leaderStore} />).container;
    await advance(50);
    const follower = render(<ChatWidget store={followerStore} />).container;
    await advance(50);
    expect(roles).toEqual([['leader'], ['follower']]);

    await act(async () => {
      void leaderStore.getState().send('Say hello');
      await vi.advanceTimersByTimeAsync(1);
    });
    const events: ChatEvent[] = [
      { type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1' },
      { type: 'text-delta', delta: 'Hello wor' },
    ];
    let seq = 1;
    for (const event of events) post.send(event, ++seq);

    // Step the clock 1 ms at a time; note when each page first shows each text.
    const firstSeen = [new Map<string, number>(), new Map<string, number>()] as const;
    let now = 0;
    const watch = async (ms: number): Promise<void> => {
      for (let i = 0; i < ms; i++) {
        await advance(1);
        now++;
        for (const [tab, root] of [leader, follower].entries()) {
          const text = shown(root);
          if (text && !firstSeen[tab]?.has(text)) firstSeen[tab]?.set(text, now);
        }
      }
    };
    // The stream pauses mid-word: both hold "wor", then the stall releases it.
    await watch(300);
    expect(shown(leader)).toBe('Hello wor');
    // More words, another pause inside a word, then the end.
    post.send({ type: 'text-delta', delta: 'ld, and good morning to you. Bye' }, ++seq);
    await watch(300);
    post.send({ type: 'text-delta', delta: 'bye now' }, ++seq);
    post.send({ type: 'done', finishReason: 'stop' }, ++seq);
    post.close();
    await watch(100);
    expect(shown(leader)).toBe('Hello world, and good morning to you. Byebye now');
    expect(shown(follower)).toBe(shown(leader));

    // The stalled partial words were shown by the stall in the leader...
    expect([...firstSeen[0].keys()]).toEqual(expect.arrayContaining(['Hello', 'Hello wor', 'Hello world, and good morning to you. Bye']));
    // ...and every text the leader showed, the follower showed within a hop and a frame.
    const late = [...firstSeen[0]]
      .map(([text, at]) => ({ text, lagMs: (firstSeen[1].get(text) ?? Number.POSITIVE_INFINITY) - at }))
      .filter(({ lagMs }) => lagMs > HOP_AND_FRAME_MS);
    expect(late).toEqual([]);
    expect(followerNet.requests).toEqual([]);
    leaderStore.getState().controller.dispose();
    followerStore.getState().controller.dispose();
  });
});
