import type { ResolvedChatProtocol } from './ChatProtocol';

/** Response headers in any of the shapes `fetch` accepts. */
export type HeadersLike = Headers | Record<string, string> | ReadonlyArray<readonly [string, string]>;

/** Reads one header, case-insensitively, from any {@link HeadersLike}. */
export function getHeader(headers: HeadersLike | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  const entries = Array.isArray(headers) ? headers : Object.entries(headers as Record<string, string>);
  for (const [key, value] of entries as Iterable<readonly [string, string]>) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * The protocol a response's headers announce: `x-vercel-ai-ui-message-stream: v1` ->
 * `ai-sdk-ui`, `x-vercel-ai-data-stream: v1` -> `ai-sdk-data`. `undefined` when they say
 * nothing (the first event decides then).
 *
 * @example
 * ```ts
 * detectProtocolFromHeaders(response.headers); // 'ai-sdk-ui' | 'ai-sdk-data' | undefined
 * ```
 */
export function detectProtocolFromHeaders(headers: HeadersLike | undefined): ResolvedChatProtocol | undefined {
  if (getHeader(headers, 'x-vercel-ai-ui-message-stream') !== undefined) return 'ai-sdk-ui';
  if (getHeader(headers, 'x-vercel-ai-data-stream') !== undefined) return 'ai-sdk-data';
  return undefined;
}
