/** The leader's mirror alone: what it posts for what its controller applies. */
import type { ChatEvent } from '../../../src/core/events';
import { mirrorEvents } from '../../../src/core/sync/mirrorEvents';
import { fakeLink } from './fakeLink';

const microtasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

const answer: ChatEvent[] = [
  { type: 'user-message', messageId: 'u1', text: 'Hi', seq: 1 },
  { type: 'session', messageId: 'a1', streamId: 's1', seq: 2 },
  { type: 'text-delta', delta: 'Hel', seq: 3 },
  { type: 'text-delta', delta: 'lo', seq: 4 },
];

describe('mirrorEvents', () => {
  it('posts the events the leader applies, in order with their seq, one message per microtask', async () => {
    const { link, controller, posted } = fakeLink('leader');
    const mirror = mirrorEvents(link, () => undefined);
    controller.apply(answer.slice(0, 3));
    controller.apply(answer.slice(3));
    expect(posted).toEqual([]);
    await microtasks();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ type: 'events', events: answer.map((e) => ({ type: e.type, seq: e.seq })) });
    // Events already applied change nothing, so nothing is posted again.
    controller.apply(answer);
    await microtasks();
    expect(posted).toHaveLength(1);
    mirror.stop();
  });

  it('posts a connection change after the events before it, and calls onLocalAction for a local action', async () => {
    const { link, controller, posted, types } = fakeLink('leader');
    const actions: string[] = [];
    const mirror = mirrorEvents(link, () => actions.push('snapshot'));
    controller.apply(answer.slice(0, 2));
    controller.setConnection('reconnecting');
    expect(types()).toEqual(['events', 'connection']);
    expect(posted[1]).toEqual({ type: 'connection', connection: 'reconnecting' });
    controller.reset({ conversationId: 'c1', messages: [] });
    expect(actions).toEqual(['snapshot']);
    mirror.stop();
  });

  it('posts nothing while the tab does not lead, nor after stop', async () => {
    const { link, controller, posted, state } = fakeLink('follower');
    const mirror = mirrorEvents(link, () => posted.push({ type: 'leader' }));
    controller.apply(answer.slice(0, 2));
    controller.setConnection('open');
    await microtasks();
    expect(posted).toEqual([]);
    // Events queued while leading are not posted once the tab stopped leading.
    state.role = 'leader';
    controller.apply(answer.slice(2, 3));
    state.role = 'follower';
    await microtasks();
    expect(posted).toEqual([]);
    state.role = 'leader';
    mirror.stop();
    controller.apply(answer.slice(3));
    await microtasks();
    expect(posted).toEqual([]);
  });
});
