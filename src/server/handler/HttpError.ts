/**
 * An error the chat handler answers as JSON `{ error: { message, code, field? } }`
 * (docs/PROTOCOL.md) with its HTTP `status`. `authorize` may throw one to answer
 * something other than 401.
 *
 * @example
 * ```ts
 * createChatHandler({
 *   authorize: async (req) => {
 *     if (await isBanned(req)) throw new HttpError(403, 'banned', 'This account may not chat. Contact support.');
 *     return { userId: await userIdOf(req) };
 *   },
 * });
 * ```
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
    /** More top-level fields of the JSON answer beside `error` (a 409's first `decision`). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** The JSON response for this error. */
  toResponse(): Response {
    const error: { message: string; code: string; field?: string } = { message: this.message, code: this.code };
    if (this.field !== undefined) error.field = this.field;
    return new Response(JSON.stringify({ ...this.extra, error }), {
      status: this.status,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...this.headers },
    });
  }
}
