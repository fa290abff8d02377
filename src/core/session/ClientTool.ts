/**
 * A tool the page runs itself (the browser's locale, a file picker, the page's own state):
 * declared on `ChatProvider`/`ChatWidget`/`useChat` as `clientTools`, sent to the server
 * with each prompt (name, description, parameters), and run by the page when the model
 * calls it. See docs/tools.md.
 *
 * @example
 * ```ts
 * const localTime: ClientTool = {
 *   name: 'get_local_time',
 *   description: "The user's local date, time and time zone.",
 *   parameters: { type: 'object', properties: {} },
 *   execute: () => ({ time: new Date().toString(), zone: Intl.DateTimeFormat().resolvedOptions().timeZone }),
 * };
 * ```
 */
export interface ClientTool {
  /** 1-64 letters, digits, `_` or `-`; not the name of a server tool (the server answers 400). */
  name: string;
  /** What it does, for the model. */
  description?: string;
  /** JSON Schema of the arguments, for the model. */
  parameters?: Record<string, unknown>;
  /**
   * Runs the call: its JSON-serializable return value is the result the model reads; a
   * throw becomes an error result (`isError`) with the message. `signal` aborts when the
   * answer ends first (stopped, timed out on the server).
   */
  execute: (args: unknown, context: { signal: AbortSignal; toolCallId: string }) => unknown;
  /**
   * A call of this tool that this browser claimed but no page of it runs any more (a
   * reload of the tab while it ran, a closed tab, a thread switch): `'rerun'` runs it again;
   * `'report'` does not, and posts an error result saying the run was interrupted (the
   * model can then ask the user); `'ask'` asks the user on the call's card (Run again,
   * Report as interrupted), in every tab of this browser. Either way the server applies
   * one result, and no other device runs the call (the claim is this browser's).
   * @defaultValue `'rerun'`
   */
  onReload?: 'rerun' | 'report' | 'ask';
}
