/**
 * Internal helpers of {@link connectSSE} for validating responses.
 * @packageDocumentation
 */
const ERROR_BODY_LIMIT = 65_536;

/**
 * `null` when the response's content type fits the framing; else what was expected and what
 * was received, for `bad_content_type`.
 */
export function wrongContentType(response: Response, framing: 'sse' | 'lines'): { expected: string; received: string | null } | null {
  const received = response.headers.get('content-type');
  const essence = (received ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (framing === 'sse' ? essence === 'text/event-stream' : essence !== 'text/html') return null;
  return { expected: framing === 'sse' ? 'text/event-stream' : 'a text line stream', received };
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
