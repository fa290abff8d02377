'use client';
import type { ComponentType } from 'react';
import type { ToolDecisionOutcome } from '../core/session/decideToolCall';
import type { ToolCallPart } from '../core/session/types';
import type { ToolRendererProps } from './toolRenderers';
import { usePartialArgs } from './usePartialArgs';
import { pageDeviceId } from '../core/session/pageDeviceId';

/** Props of {@link CustomToolCall}. */
export interface CustomToolCallProps {
  part: ToolCallPart;
  /** The app's card for this tool. */
  renderer: ComponentType<ToolRendererProps>;
  /** Ms the call has been running (ticking while it runs) or took; `ToolCallCard` passes its timer. */
  elapsedMs?: number;
  /** Approves the call; handed to the card while it awaits approval (`ToolCallCard` passes the provider's). */
  approve?: () => Promise<ToolDecisionOutcome>;
  /** Denies the call; handed to the card while it awaits approval (`ToolCallCard` passes the provider's). */
  deny?: (reason?: string) => Promise<ToolDecisionOutcome>;
  /** Answers a call a reload interrupted (on this device or another); handed to the card while it is `interrupted`. */
  continueCall?: (choice: 'rerun' | 'report') => Promise<void>;
  /** The `error` of a call that failed or was not run without a message. Default `"<name> was not run."`; `ToolCallCard` passes the labels' `toolNotRunError`. */
  notRunError?: string;
}

/**
 * An app's card for one tool (`toolRenderers`), given typed props from the part: name,
 * args (parsed as they stream, with `argsComplete`), state, result, error, elapsed time,
 * and `approve`/`deny` while the call awaits approval. Wrapped in `cw-tool-call
 * cw-tool-custom` with the same `data-state`, `data-tool` and `data-tool-call-id` as
 * `ToolCallCard`, which loads this module as its own chunk with the first custom card
 * (it imports nothing of the initial code but types), and passes the timer and the
 * provider's approve/deny.
 *
 * @example <CustomToolCall part={part} renderer={EmailCard} />
 */
export function CustomToolCall({ part, renderer: Renderer, elapsedMs, approve, deny, continueCall, notRunError }: CustomToolCallProps) {
  const claim = part.runsOn !== 'page' ? undefined : part.claimedBy === undefined ? 'none' : part.claimedBy === pageDeviceId() ? 'here' : 'elsewhere';
  const failed = part.state === 'error' || part.state === 'denied' || part.isError === true;
  const streaming = part.state === 'streaming-args';
  const partialArgs = usePartialArgs(part.argsText, streaming);
  const props: ToolRendererProps = {
    name: part.name,
    toolCallId: part.toolCallId,
    ...(streaming ? { argsComplete: false, args: partialArgs } : { argsComplete: true, args: part.args }),
    argsText: part.argsText,
    state: part.state,
    result: failed ? undefined : part.result,
    error: failed ? errorText(part.result) || (notRunError ?? `${part.name} was not run.`) : undefined,
    elapsedMs,
    approval: part.approval,
    part,
  };
  if (part.state === 'awaiting-approval') {
    if (approve) props.approve = approve;
    if (deny) props.deny = deny;
  }
  if (claim) props.claim = claim;
  if (continueCall && claim !== undefined && part.interrupted && part.result === undefined) props.continueCall = continueCall;
  return (
    <div className="cw-tool-call cw-tool-custom" data-state={part.state} data-tool={part.name} data-tool-call-id={part.toolCallId} data-claim={claim}>
      <Renderer {...props} />
    </div>
  );
}

/** A result's `message` when it has one (the server's error and denial shape), else the value as text. */
function errorText(result: unknown): string {
  const message = typeof result === 'object' && result !== null ? (result as { message?: unknown }).message : undefined;
  if (typeof message === 'string') return message;
  return typeof result === 'string' ? result : (JSON.stringify(result) ?? '');
}
