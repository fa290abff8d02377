import type { ComponentType } from 'react';
import type { ToolDecisionOutcome } from '../core/session/decideToolCall';
import type { ToolApproval, ToolCallPart, ToolCallState } from '../core/session/types';

/**
 * The tools an app declares once, by name, with the shapes of their arguments and results,
 * so each custom card gets them typed.
 *
 * @example
 * ```ts
 * type AppTools = {
 *   send_email: { args: { to: string; subject?: string }; result: { sent: boolean } };
 *   get_local_time: { args: Record<string, never>; result: { time: string; zone: string } };
 * };
 * ```
 */
export type ToolShapes = Record<string, { args: unknown; result: unknown }>;

/**
 * Arguments still streaming, as parsed so far: every field may be missing, and the last
 * string, number or list may be cut short (`"ana@exa"`).
 */
export type PartialToolArgs<T> = T extends readonly (infer Item)[]
  ? PartialToolArgs<Item>[]
  : T extends object
    ? { [Key in keyof T]?: PartialToolArgs<T[Key]> }
    : T;

/** What a custom tool card (`toolRenderers`) is given, besides its arguments ({@link ToolRendererProps}). */
export interface ToolRendererBaseProps<Result = unknown> {
  name: string;
  toolCallId: string;
  /** The argument JSON as it streams in. */
  argsText: string;
  state: ToolCallState;
  /** The result, once the call succeeded. */
  result: Result | undefined;
  /** The error text, when the call failed (or was not run: `denied`). */
  error: string | undefined;
  /** Ms the call has been running (ticking while it runs), or took; `undefined` before it ran. */
  elapsedMs: number | undefined;
  /** The approval request and its decision, for a call that needed one. */
  approval: ToolApproval | undefined;
  /** Approves the call; present only while it awaits approval (inside a `ChatProvider`). */
  approve?: () => Promise<ToolDecisionOutcome>;
  /** Denies the call; present only while it awaits approval (inside a `ChatProvider`). */
  deny?: (reason?: string) => Promise<ToolDecisionOutcome>;
  /**
   * For a tool the page runs (`clientTools`): where the call runs, from its claim in the
   * log: `'none'` (no page took it yet), `'here'` (this browser), `'elsewhere'` (another device).
   */
  claim?: 'none' | 'here' | 'elsewhere';
  /**
   * Runs again (`'rerun'`: in this page, which becomes the device that runs it) or reports as
   * interrupted (`'report'`) a call a reload interrupted (the tool's `onReload: 'ask'`), on
   * this device (`claim: 'here'`) or another (`'elsewhere'`); present only then (inside a
   * `ChatProvider`). The first answer from any device wins.
   */
  continueCall?: (choice: 'rerun' | 'report') => Promise<void>;
  /** The whole part, for anything else. */
  part: ToolCallPart;
}

/**
 * What a custom tool card (`toolRenderers`) is given. `args` are the arguments: while they
 * stream (`argsComplete: false`), what their JSON says so far, parsed leniently
 * (`{"to":"ana@exa` gives `{ to: 'ana@exa' }`; `undefined` before the first parse, by
 * partial-json, loaded on the first custom card whose arguments stream); once the call is
 * complete (`argsComplete: true`), the arguments the model sent.
 */
export type ToolRendererProps<Args = unknown, Result = unknown> = ToolRendererBaseProps<Result> &
  ({ argsComplete: true; args: Args } | { argsComplete: false; args: PartialToolArgs<Args> | undefined });

/**
 * Custom tool cards by tool name: `toolRenderers={{ send_email: EmailCard }}` on
 * `ChatWidget` (or in its `components` map). A tool without one gets `ToolCallCard`.
 * With a {@link ToolShapes} type, each card's props are typed.
 *
 * @example
 * ```tsx
 * const renderers: ToolRenderers<AppTools> = {
 *   get_local_time: ({ result }) => <p>{result ? `${result.time} (${result.zone})` : 'Reading the clock...'}</p>,
 * };
 * ```
 */
export type ToolRenderers<Tools extends ToolShapes = ToolShapes> = {
  [Name in keyof Tools]?: ComponentType<ToolRendererProps<Tools[Name]['args'], Tools[Name]['result']>>;
};

/**
 * What `ChatWidget`'s `toolRenderers` and a `components` map accept: any
 * {@link ToolRenderers}, typed or not (each card's own props stay typed where it is written).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- cards typed for their own tool must fit one map
export type AnyToolRenderers = { [name: string]: ComponentType<ToolRendererProps<any, any>> | undefined };
