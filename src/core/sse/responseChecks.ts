/**
 * Internal helpers of {@link connectSSE} for the responses of a healthy stream (a failed
 * one's body and `Retry-After` are read by the rare paths, `transportRare.ts`).
 * @packageDocumentation
 */

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
