/** Longest title taken from a prompt, in characters (an ellipsis follows when cut). */
export const MAX_PROMPT_TITLE_CHARS = 60;

/**
 * The title a conversation gets from its first prompt at once: the prompt on one line,
 * cut at a word boundary to {@link MAX_PROMPT_TITLE_CHARS} with an ellipsis;
 * `'New conversation'` for a prompt of only spaces.
 *
 * @example
 * ```ts
 * titleFromPrompt('What did the team\nsay about onboarding?'); // 'What did the team say about onboarding?'
 * ```
 */
export function titleFromPrompt(prompt: string): string {
  const line = oneLine(prompt);
  if (line === '') return 'New conversation';
  if (line.length <= MAX_PROMPT_TITLE_CHARS) return line;
  const cut = line.slice(0, MAX_PROMPT_TITLE_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space >= MAX_PROMPT_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** `text` on one line: control characters and runs of white space become one space, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}
