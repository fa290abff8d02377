/**
 * Turns a tool argument or result into display text: strings as they are, anything else as
 * pretty-printed JSON (2 spaces). Never HTML: the caller renders the string as text.
 *
 * @example formatValue({ q: 'cats' }) // '{\n  "q": "cats"\n}'
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Pretty-prints streamed argument JSON once it parses; returns it unchanged while it is
 * still partial.
 *
 * @example formatArgsText('{"q":"ca') // '{"q":"ca'
 */
export function formatArgsText(argsText: string): string {
  if (argsText.trim() === '') return '';
  try {
    return JSON.stringify(JSON.parse(argsText), null, 2);
  } catch {
    return argsText;
  }
}
