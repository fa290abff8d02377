/**
 * Time left as a person reads it: `42 s`, `9 min 05 s`, `1 h 02 min` (whole seconds, rounded up).
 *
 * @example formatTimeLeft(65_000) // '1 min 05 s'
 */
export function formatTimeLeft(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
