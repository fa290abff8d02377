import { HttpError } from './HttpError';

/** Bounds of {@link readJsonBody}. */
export interface JsonBodyLimits {
  /** Largest body, in bytes (413 past it). */
  maxBytes: number;
  /** Deepest nesting of objects and arrays (400 past it). */
  maxDepth: number;
}

/**
 * Reads a request body as JSON, refusing (413) more than `maxBytes` without buffering
 * the excess, answering 400 (field `body`) when it is not JSON and 400 naming the field
 * when it nests deeper than `maxDepth` (checked before parsing, so no deep recursion runs).
 * A 413 asks the client to close the connection: the rest of the body was not read.
 * `empty`: what an empty (or blank) body stands for; without it, an empty body is 400.
 */
export async function readJsonBody(request: Request, limits: JsonBodyLimits, empty?: object): Promise<unknown> {
  const { maxBytes } = limits;
  const tooLarge = (received: string): HttpError =>
    new HttpError(
      413,
      'request_too_large',
      `The request body is ${received}, more than the limit of ${maxBytes} bytes. Send a shorter message.`,
      undefined,
      { Connection: 'close' },
    );
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(`${declared} bytes`);
  if (!request.body) return parse('', limits.maxDepth, empty);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`at least ${size} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return parse(new TextDecoder().decode(bytes), limits.maxDepth, empty);
}

function parse(text: string, maxDepth: number, empty: object | undefined): unknown {
  if (empty !== undefined && text.trim() === '') return empty;
  const deep = tooDeepAt(text, maxDepth);
  if (deep !== null) {
    throw new HttpError(
      400,
      'invalid_request',
      `The request body nests objects or arrays more than ${maxDepth} levels deep (at ${deep.path}). Send a flatter body.`,
      deep.field,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
    throw new HttpError(
      400,
      'invalid_json',
      `The request body is not valid JSON (received ${JSON.stringify(shown)}). Send {"message":{"id":"...","text":"..."}}.`,
      'body',
    );
  }
}

/**
 * Where JSON `text` first opens an object or array deeper than `maxDepth`, or `null`.
 * A linear scan (strings skipped) that also tracks the key or index at each level, so the
 * answer can name the field: `field` is the object keys of the top two levels (`message.meta`,
 * `body` for a top-level array), `path` the first few levels (`message.meta[0][0]...`).
 * Invalid JSON is left to JSON.parse.
 */
function tooDeepAt(text: string, maxDepth: number): { field: string; path: string } | null {
  /** Per open level: the key (objects) or index (arrays) being read. */
  const stack: { array: boolean; key: string | number }[] = [];
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const start = i + 1;
      for (i = start; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5c /* \ */) i++;
        else if (c === 0x22) break;
      }
      lastString = text.slice(start, Math.min(i, start + 40));
    } else if (ch === 0x3a /* : */) {
      const top = stack.at(-1);
      if (top && !top.array) top.key = lastString;
    } else if (ch === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.array) top.key = (top.key as number) + 1;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return describePath(stack);
      stack.push({ array: ch === 0x5b, key: ch === 0x5b ? 0 : '' });
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    }
  }
  return null;
}

function describePath(stack: { array: boolean; key: string | number }[]): { field: string; path: string } {
  const shown = stack.slice(0, 6);
  const path = shown.map((level, i) => (level.array ? `[${level.key}]` : `${i === 0 ? '' : '.'}${level.key}`)).join('');
  // The field: the object keys that lead there (at most two), as in the other 400s.
  const keys: string[] = [];
  for (const level of stack.slice(0, 2)) {
    if (level.array) break;
    keys.push(String(level.key));
  }
  return { field: keys.join('.') || 'body', path: (path || 'body') + (stack.length > shown.length ? '...' : '') };
}
