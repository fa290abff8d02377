/** A tab that takes over picks up the old leader's stream, or ends the answer in a retryable error. */
import type { ChatController, ResumeOptions } from '../../../src/core/session/ChatController';
import { isActivePhase } from '../../../src/core/session/phases';
import { resumeAfterTakeover } from '../../../src/core/sync/resumeAfterTakeover';
import { fakeLink } from './fakeLink';

function resuming(base: ChatController, answer: boolean, calls: Array<ResumeOptions | undefined>): ChatController {
  return { ...base, resume: (options) => (calls.push(options), Promise.resolve(answer)) };
}

const midAnswer = (controller: ChatController, seq = 3) =>
  controller.apply([
    { type: 'user-message', messageId: 'u1', text: 'Hi', seq: 1 },
    { type: 'session', messageId: 'a1', streamId: 's1', seq: 2 },
    { type: 'text-delta', delta: 'Hel', seq },
  ]);

describe('resumeAfterTakeover', () => {
  it('resumes after its lastSeq without the history, when it showed an answer under way', async () => {
    const calls: Array<ResumeOptions | undefined> = [];
    const { controller: base } = fakeLink();
    midAnswer(base);
    const controller = resuming(base, true, calls);
    await expect(resumeAfterTakeover(controller, false, () => false, isActivePhase)).resolves.toBe(true);
    expect(calls).toEqual([{ history: false }]);
    expect(controller.getState().phase).toBe('generating');
  });

  it('resumes with the history when it had the conversation but applied nothing; does nothing when idle and never synced', async () => {
    const calls: Array<ResumeOptions | undefined> = [];
    const controller = resuming(fakeLink().controller, false, calls);
    expect(resumeAfterTakeover(controller, false, () => false, isActivePhase)).toBeNull();
    await expect(resumeAfterTakeover(controller, true, () => false, isActivePhase)).resolves.toBe(false);
    expect(calls).toEqual([undefined]);
    expect(controller.getState().messages).toEqual([]);
  });

  it('without a resume route, the answer in flight ends in a retryable stream_lost error, partial text kept', async () => {
    const calls: Array<ResumeOptions | undefined> = [];
    const { controller: base } = fakeLink();
    midAnswer(base);
    const controller = resuming(base, false, calls);
    await resumeAfterTakeover(controller, true, () => false, isActivePhase);
    await Promise.resolve();
    const state = controller.getState();
    expect(state.phase).toBe('error');
    const answer = state.messages.find((m) => m.id === 'a1');
    expect(answer?.parts).toEqual([
      { type: 'text', text: 'Hel' },
      expect.objectContaining({ type: 'error', code: 'stream_lost', retryable: true }),
    ]);
  });

  it('adds no error when the tab was disposed meanwhile', async () => {
    const { controller: base } = fakeLink();
    midAnswer(base);
    const controller = resuming(base, false, []);
    await resumeAfterTakeover(controller, true, () => true, isActivePhase);
    await Promise.resolve();
    expect(controller.getState().phase).toBe('generating');
  });
});
