import { HttpError } from './HttpError';

/**
 * Reads a request body as JSON, refusing (413) more than `maxBytes` without buffering
 * the excess, and answering 400 (field `body`) when it is not JSON.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const tooLarge = (received: string): HttpError =>
    new HttpError(
      413,
      'request_too_large',
      `The request body is ${received}, more than the limit of ${maxBytes} bytes. Send a shorter message.`,
    );
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(`${declared} bytes`);
  if (!request.body) return parse('');
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
  return parse(new TextDecoder().decode(bytes));
}

function parse(text: string): unknown {
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
