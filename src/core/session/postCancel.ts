import { isChatwireError } from '../errors';
import type { Timers } from '../Timers';
import type { ChatOptions } from './ChatOptions';
import { requestJson } from './requestJson';

/**
 * POSTs the cancel route, retrying network errors and retryable HTTP statuses with
 * backoff (500 ms, 1 s, 2 s ...). Resolves when the server answered 2xx; rejects with the
 * last error after `attempts`. Internal.
 */
export async function postCancel(
  options: Pick<ChatOptions, 'fetch' | 'headers' | 'credentials'>,
  url: string,
  streamId: string | null,
  attempts: number,
  timers: Timers,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await requestJson(options, url, { method: 'POST', body: streamId ? { streamId } : {} });
      return;
    } catch (e) {
      lastError = e;
      if (isChatwireError(e) && e.retryable === false) break;
      if (attempt < attempts) {
        const delay = 500 * 2 ** (attempt - 1);
        await new Promise<void>((resolve) => timers.setTimeout(resolve, delay));
      }
    }
  }
  throw lastError;
}
