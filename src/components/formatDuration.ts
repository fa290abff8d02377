/**
 * Formats milliseconds for a running or finished tool call: `0.4 s`, `12.3 s`, `2 min 05 s`.
 *
 * @example formatDuration(2400) // '2.4 s'
 */
export function formatDuration(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped < 60_000) return `${(Math.floor(clamped / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.floor(clamped / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
