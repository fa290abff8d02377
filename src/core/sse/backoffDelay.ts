import type { BackoffOptions } from './ConnectSSEOptions';

/**
 * The delay before reconnect number `attempt` (1-based): `base * factor^(attempt-1)`
 * capped at `maxMs`, then jittered. `base` is the server's `retry:` value when it sent
 * one, else `initialMs`.
 *
 * @example
 * ```ts
 * backoffDelay(3, { jitter: 'none' }); // 4000
 * backoffDelay(9, { jitter: 'none' }); // 30000 (capped)
 * ```
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
  serverRetryMs?: number,
): number {
  const { initialMs = 1000, maxMs = 30_000, factor = 2, jitter = 'equal' } = options;
  const base = serverRetryMs ?? initialMs;
  const exp = Math.min(maxMs, base * factor ** Math.max(0, attempt - 1));
  if (jitter === 'none') return Math.round(exp);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(jitter === 'full' ? exp * r : exp / 2 + (exp / 2) * r);
}
