import type { ErrorEvent } from '../../core/events';
import { messageOf } from '../../core/messageOf';

/** How much of an error body is read; providers answer errors with small JSON objects. */
const MAX_ERROR_BODY = 16_384;

/**
 * Turns a non-2xx provider response into a fatal `error` event that names the provider,
 * the status, the provider's own message and what to do about it.
 *
 * Understands OpenAI's `{ error: { message, type, code } }` and Anthropic's
 * `{ type: 'error', error: { type, message } }`; any other body is quoted (truncated).
 */
export async function providerError(provider: string, keyHint: string, response: Response): Promise<ErrorEvent> {
  const raw = await readSome(response);
  const parsed = parseErrorBody(raw);
  const status = response.status;
  const what = parsed.message ?? (raw.trim() === '' ? '(empty body)' : raw.trim().slice(0, 500));
  return {
    type: 'error',
    message: `${provider} answered ${status}${response.statusText ? ` ${response.statusText}` : ''}: ${what}. ${hintFor(status, keyHint)}`,
    code: parsed.code ?? `http_${status}`,
    status,
    retryable: status === 408 || status === 409 || status === 429 || status >= 500,
    fatal: true,
  };
}

/** The fatal `error` event for a request that never got an answer (DNS, refused, reset). */
export function networkError(provider: string, url: string, cause: unknown): ErrorEvent {
  const reason = messageOf(cause);
  return {
    type: 'error',
    message: `Could not reach ${provider} at ${url}: ${reason}. Check the network and the baseURL option.`,
    code: 'network_error',
    retryable: true,
    fatal: true,
  };
}

function hintFor(status: number, keyHint: string): string {
  if (status === 401 || status === 403) return `Check ${keyHint}.`;
  if (status === 404) return 'Check the model name and the baseURL option.';
  if (status === 400 || status === 422) return 'The request was rejected; check the model options and tool schemas.';
  if (status === 429) return 'Rate limited; try again later.';
  if (status >= 500) return 'The provider is unavailable or overloaded; try again later.';
  return 'See the provider message above.';
}

async function readSome(response: Response): Promise<string> {
  try {
    const text = await response.text();
    return text.length > MAX_ERROR_BODY ? text.slice(0, MAX_ERROR_BODY) : text;
  } catch {
    return '';
  }
}

function parseErrorBody(raw: string): { message?: string; code?: string } {
  try {
    const body: unknown = JSON.parse(raw);
    if (!isRecord(body)) return {};
    const error = isRecord(body.error) ? body.error : body;
    const message = typeof error.message === 'string' ? error.message : undefined;
    const code =
      typeof error.type === 'string' ? error.type : typeof error.code === 'string' ? error.code : undefined;
    return { ...(message !== undefined && { message }), ...(code !== undefined && { code }) };
  } catch {
    return {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
