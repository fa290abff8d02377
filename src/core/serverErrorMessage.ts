const EXCERPT_CHARS = 200;

/** Cuts `text` to a short single excerpt for error messages. Internal. */
export function errorExcerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Finds the server's message in an error body: JSON `{error:{message}}`, `{error:"..."}`,
 * `{message}`, `{detail}`, or else the text itself (HTML tags removed), as an excerpt.
 *
 * @example serverErrorMessage('{"error":{"message":"quota exceeded"}}') // { message: 'quota exceeded', json: {...} }
 */
export function serverErrorMessage(bodyText: string): { message: string; json?: unknown } {
  const trimmed = bodyText.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const json: unknown = JSON.parse(trimmed);
      const found = pickMessage(json);
      return found === undefined ? { message: errorExcerpt(trimmed), json } : { message: errorExcerpt(found), json };
    } catch {
      // not JSON after all: fall through to text
    }
  }
  const text = /<[a-z!/]/i.test(trimmed) ? trimmed.replace(/<[^>]*>/g, ' ') : trimmed;
  return { message: errorExcerpt(text) };
}

function pickMessage(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const err = o.error;
  if (typeof err === 'string') return err;
  if (typeof err === 'object' && err !== null) {
    const m = (err as Record<string, unknown>).message;
    if (typeof m === 'string') return m;
  }
  if (typeof o.message === 'string') return o.message;
  if (typeof o.detail === 'string') return o.detail;
  return undefined;
}
