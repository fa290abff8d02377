/** The message of an error, or the thrown value as text. Internal. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
