/**
 * Time left as a clock reads it, in whole seconds rounded up: `0:42`, `9:05`, `125:00`.
 *
 * @example formatTimeLeft(65_000) // '1:05'
 */
export function formatTimeLeft(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
