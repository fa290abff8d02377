/**
 * The message of a thrown value: an `Error`'s `message`, anything else as text. The one
 * place that reads what was thrown, so every error chatwire reports says the same. Internal.
 *
 * @example messageOf(new Error('boom')) // 'boom'; messageOf('nope') // 'nope'
 */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * A thrown value as an `Error`: itself when it is one, else an `Error` with its text. Internal.
 *
 * @example toError('nope').message // 'nope'
 */
export const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
