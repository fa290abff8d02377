import {
  answerText,
  conversationIdOf,
  lastAnswer,
  sendPrompt,
  waitForAnswerLength,
  waitForPhase,
} from '../../support/chatPage';
import type { DemoProcess } from '../../support/demoProcess';
import { demoSuite } from '../../support/demoSuite';

const PROMPT = 'Write something long about harbours';
const ABORT_BOUND_MS = 2_000;

describe('e2e: two server processes sharing one redis-server', () => {
  // Both replicas run the same slow mock (~10 s answers); only the one that starts a
  // generation runs it, the other serves it from Redis.
  const e2e = demoSuite({ replicas: 2, mock: { delayMs: 10 } });

  it('starts on one replica, resumes and cancels on the other', async () => {
    const [a, b] = e2e.replicas as [DemoProcess, DemoProcess];
    expect(a.url).not.toBe(b.url);
    // One browser (one demo user: cookies are per host, not per port) talking to both replicas.
    const context = await e2e.newContext();
    const onA = await e2e.open(a.url, context);
    await sendPrompt(onA, PROMPT);
    const conversationId = await conversationIdOf(onA);
    await waitForAnswerLength(onA, 200);

    // Replica B has never seen this generation in memory: it replays it from Redis, then follows live.
    const onB = await e2e.open(`${b.url}?c=${encodeURIComponent(conversationId)}`, context);
    await waitForAnswerLength(onB, 200, 10_000);
    expect(await lastAnswer(onB).getAttribute('data-live')).toBe('true');
    const seenOnB = (await answerText(onB)).length;
    await waitForAnswerLength(onB, seenOnB + 100, 10_000);

    // Stop on B: the cancel crosses Redis and aborts the model running in A's process.
    const clickedAt = Date.now();
    await onB.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(async () => (await a.stats()).aborts, { timeout: 5_000, interval: 50 }).toBe(1);
    const statsA = await a.stats();
    const statsB = await b.stats();
    expect(statsA.calls).toBe(1);
    expect(statsB.calls).toBe(0);
    expect(statsA.abortRecords[0]!.abortedAt - clickedAt).toBeLessThan(ABORT_BOUND_MS);

    // Both pages end stopped, and the partial answer is in the shared history.
    await waitForPhase(onB, 'cancelled');
    await waitForPhase(onA, 'cancelled');
    const partialOnB = await answerText(onB);
    expect(partialOnB.length).toBeGreaterThan(300);
    expect(partialOnB.length).toBeLessThan(3000);
    await onB.reload();
    await waitForAnswerLength(onB, 1, 10_000);
    await expect.poll(() => lastAnswer(onB).getAttribute('data-cancelled')).toBe('true');
    const persisted = await answerText(onB);
    expect(persisted.startsWith(partialOnB.slice(0, -20))).toBe(true);
    expect(persisted).toBe(await answerText(onA));
  });
});
