/** Forwarding alone: a follower's requests, the leader's answers, and what happens on handover. */
import type { ChatController } from '../../../src/core/session/ChatController';
import { forwardActions } from '../../../src/core/sync/forwardActions';
import type { SyncMessage } from '../../../src/core/sync/SyncMessage';
import { fakeLink } from './fakeLink';

type Request = Extract<SyncMessage, { type: 'request' }>;

/** A controller whose actions are recorded (and resolve at once). */
function recordingController(base: ChatController, calls: string[], failSend = false): ChatController {
  return {
    ...base,
    send: (text, options) => {
      if (failSend) throw new Error('the composer is locked');
      calls.push(`send ${text}${options?.body ? ` ${JSON.stringify(options.body)}` : ''}`);
      return Promise.resolve();
    },
    stop: () => (calls.push('stop'), Promise.resolve()),
    retry: () => (calls.push('retry'), Promise.resolve()),
  };
}

const response = (id: string, error?: string): SyncMessage => ({
  kind: 'chatwire-sync',
  type: 'response',
  from: 'leader',
  to: 'me',
  id,
  ...(error === undefined ? {} : { error }),
});

describe('forwardActions', () => {
  it("a follower's send is a request that resolves when the leader answers it, and rejects with the leader's error", async () => {
    const { link, posted } = fakeLink('follower');
    const actions = forwardActions(link, () => undefined);
    let settled = false;
    const sent = actions.forward('send', { text: 'Hello', body: { tone: 'dry' } }).then(() => (settled = true));
    const stopped = actions.forward('stop');
    expect(posted).toEqual([
      { type: 'request', id: 'r1', action: 'send', text: 'Hello', body: { tone: 'dry' } },
      { type: 'request', id: 'r2', action: 'stop' },
    ]);
    // An answer to another tab, or to an unknown id, settles nothing.
    actions.answered({ ...response('r1'), to: 'another-tab' } as Extract<SyncMessage, { type: 'response' }>);
    actions.answered(response('r9') as Extract<SyncMessage, { type: 'response' }>);
    await Promise.resolve();
    expect(settled).toBe(false);
    actions.answered(response('r1') as Extract<SyncMessage, { type: 'response' }>);
    await sent;
    actions.answered(response('r2', 'nothing to stop') as Extract<SyncMessage, { type: 'response' }>);
    await expect(stopped).rejects.toThrow('chatwire: the leader tab could not stop: nothing to stop');
  });

  it('the leader performs a request, flushes, and answers the tab that asked (with the error when performing threw)', () => {
    const calls: string[] = [];
    const base = fakeLink('leader');
    const { link, posted } = fakeLink('leader', recordingController(base.controller, calls));
    const order: string[] = [];
    const actions = forwardActions(link, () => order.push('flush'));
    const request: Request = { kind: 'chatwire-sync', type: 'request', from: 'tab-2', id: 'x1', action: 'send', text: 'Hi', body: { a: 1 } };
    actions.serve(request);
    actions.serve({ ...request, id: 'x2', action: 'retry' });
    expect(calls).toEqual(['send Hi {"a":1}', 'retry']);
    expect(order).toEqual(['flush', 'flush']);
    expect(posted).toEqual([
      { type: 'response', to: 'tab-2', id: 'x1' },
      { type: 'response', to: 'tab-2', id: 'x2' },
    ]);

    const failing = fakeLink('leader', recordingController(base.controller, calls, true));
    forwardActions(failing.link, () => undefined).serve(request);
    expect(failing.posted).toEqual([{ type: 'response', to: 'tab-2', id: 'x1', error: 'Error: the composer is locked' }]);
  });

  it('unanswered requests go again to a new leader, or run here once when this tab takes over', async () => {
    const calls: string[] = [];
    const base = fakeLink('follower');
    const { link, posted } = fakeLink('follower', recordingController(base.controller, calls));
    const actions = forwardActions(link, () => undefined);
    const sent = actions.forward('send', { text: 'Hi' });
    const retried = actions.forward('retry');
    actions.resend();
    expect(posted.map((m) => (m as { id: string }).id)).toEqual(['r1', 'r2', 'r1', 'r2']);
    actions.performHere();
    await Promise.all([sent, retried]);
    expect(calls).toEqual(['send Hi', 'retry']);
    actions.performHere();
    expect(calls).toHaveLength(2);
  });

  it('dispose rejects what is unanswered, and a disposed tab forwards nothing', async () => {
    const { link, posted, state } = fakeLink('follower');
    const actions = forwardActions(link, () => undefined);
    const sent = actions.forward('send', { text: 'Hi' });
    actions.dispose();
    await expect(sent).rejects.toThrow('was disposed before the leader tab took the send');
    state.disposed = true;
    await expect(actions.forward('stop')).rejects.toThrow('cannot stop: this tab\'s sync of "chatwire:/api/chat:c1" was disposed');
    expect(posted).toHaveLength(1);
  });
});
