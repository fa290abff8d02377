/**
 * Internal helpers of {@link connectSSE} for validating responses.
 * @packageDocumentation
 */
import { createBadContentTypeError } from '../errors';

const ERROR_BODY_LIMIT = 65_536;

/** Throws `bad_content_type` (after cancelling the body) unless the type fits the framing. */
export function checkContentType(response: Response, framing: 'sse' | 'lines', url: string): void {
  const type = response.headers.get('content-type');
  const essence = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const ok = framing === 'sse' ? essence === 'text/event-stream' : essence !== 'text/html';
  if (ok) return;
  void cancelBody(response);
  throw createBadContentTypeError(framing === 'sse' ? 'text/event-stream' : 'a text line stream', type, url);
}

export async function cancelBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // already closed
  }
}

/** The start (64 KiB at most) of an error response's body, as text. */
export async function readBodyText(response: Response, signal: AbortSignal): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_LIMIT && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
  } catch {
    // a broken error body still gives the status
  }
  return text;
}

/** `Retry-After` (seconds or HTTP date) in ms. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
