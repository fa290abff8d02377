import type { ChatEvent } from '../../../src/core/events';

/** Polls `check` every 20 ms until it returns true; fails after `timeoutMs` (bounded). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 10_000; i++) {
    if (await check()) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const delta = (text: string): ChatEvent => ({ type: 'text-delta', delta: text });

export const init = (conversationId: string, streamId: string, userId = 'u1') => ({
  conversationId,
  streamId,
  messageId: `${streamId}-m`,
  userId,
  startedAt: 1_700_000_000_000,
});

let counter = 0;
/** A key prefix no other test uses. */
export const freshPrefix = (): string => `t${process.pid}-${++counter}:`;
