import type { Timers } from '../Timers';
import type { ChatOptions } from './ChatOptions';
import type { LazySessionKit } from './LazySessionKit';
import { requestJson } from './requestJson';

/**
 * POSTs the cancel route, retrying network errors and retryable HTTP statuses with
 * backoff (500 ms, 1 s, 2 s ...). Resolves when the server answered 2xx; rejects with the
 * last error after `attempts`. Internal; in the lazy session chunk.
 */
export async function postCancel(
  kit: LazySessionKit,
  options: Pick<ChatOptions, 'fetch' | 'headers' | 'credentials'>,
  url: string,
  streamId: string | null,
  attempts: number,
  timers: Timers,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await requestJson(kit, options, url, { method: 'POST', body: streamId ? { streamId } : {} });
      return;
    } catch (e) {
      lastError = e;
      if (e instanceof kit.ChatwireError && e.retryable === false) break; // requestJson's errors are the kit's
      if (attempt < attempts) {
        const delay = 500 * 2 ** (attempt - 1);
        await new Promise<void>((resolve) => timers.setTimeout(resolve, delay));
      }
    }
  }
  throw lastError;
}
