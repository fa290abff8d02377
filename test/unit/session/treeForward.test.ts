/** A follower tab's edit, regeneration and branch switch go to the leader, which performs each once. */
import type { ChatController } from '../../../src/core/session/ChatController';
import { forwardActions, performAction } from '../../../src/core/sync/forwardActions';
import type { SyncMessage } from '../../../src/core/sync/SyncMessage';
import { fakeLink } from '../sync/fakeLink';

function recording(base: ChatController, calls: string[]): ChatController {
  return {
    ...base,
    edit: (id, text) => (calls.push(`edit ${id} ${text}`), Promise.resolve()),
    regenerate: (id) => (calls.push(`regenerate ${id}`), Promise.resolve()),
    switchBranch: (id, index) => void calls.push(`switchBranch ${id} ${index}`),
  };
}

describe('forwarding branch actions between tabs', () => {
  it('a follower posts each as a request with its arguments; the leader performs it', async () => {
    const follower = fakeLink('follower');
    const actions = forwardActions(follower.link, () => undefined);
    void actions.forward('edit', { messageId: 'u1', text: 'better' });
    void actions.forward('regenerate', { messageId: 'a1' });
    void actions.forward('branch', { messageId: 'a1', index: 0 });
    expect(follower.posted).toEqual([
      { type: 'request', id: 'r1', action: 'edit', messageId: 'u1', text: 'better' },
      { type: 'request', id: 'r2', action: 'regenerate', messageId: 'a1' },
      { type: 'request', id: 'r3', action: 'branch', messageId: 'a1', index: 0 },
    ]);

    const calls: string[] = [];
    const leader = fakeLink('leader');
    const served = forwardActions({ ...leader.link, controller: recording(leader.controller, calls) }, () => undefined);
    for (const message of follower.posted) served.serve({ kind: 'chatwire-sync', from: 'other', ...(message as Omit<Extract<SyncMessage, { type: 'request' }>, 'kind' | 'from'>) });
    expect(calls).toEqual(['edit u1 better', 'regenerate a1', 'switchBranch a1 0']);
    expect(leader.posted.map((m) => m.type)).toEqual(['response', 'response', 'response']);
  });

  it('performAction maps each action to the controller once', async () => {
    const calls: string[] = [];
    const { controller } = fakeLink('leader');
    const target = recording(controller, calls);
    await performAction(target, 'edit', { messageId: 'u1', text: 'x' });
    await performAction(target, 'regenerate', { messageId: 'a1' });
    await performAction(target, 'branch', { messageId: 'a1', index: 2 });
    expect(calls).toEqual(['edit u1 x', 'regenerate a1', 'switchBranch a1 2']);
  });
});
