'use client';
import { useContext, type ComponentType } from 'react';
import type { ToolCallPart } from '../core/session/types';
import { ChatStoreContext } from '../react/ChatStoreContext';
import { formatValue } from './formatValue';
import type { ToolRendererProps } from './toolRenderers';
import { useElapsed } from './useElapsed';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

/** Props of {@link CustomToolCall}. */
export interface CustomToolCallProps {
  part: ToolCallPart;
  /** The app's card for this tool. */
  renderer: ComponentType<ToolRendererProps>;
  /** Clock for the elapsed time. Default `Date.now`. */
  now?: () => number;
}

/**
 * An app's card for one tool (`toolRenderers`), given typed props from the part: name,
 * args, state, result, error, elapsed time, and `approve`/`deny` while the call awaits
 * approval. Wrapped in `cw-tool-call cw-tool-custom` with the same `data-state`,
 * `data-tool` and `data-tool-call-id` as `ToolCallCard`.
 *
 * @example <CustomToolCall part={part} renderer={EmailCard} />
 */
export function CustomToolCall({ part, renderer: Renderer, now }: CustomToolCallProps) {
  const store = useContext(ChatStoreContext);
  const labels = useLabelsOver(partLabels);
  const started = part.executingAt ?? part.startedAt;
  const elapsedMs = useElapsed(part.state === 'executing' || part.endedAt !== undefined ? started : undefined, part.endedAt, part.state === 'executing', now);
  const failed = part.state === 'error' || part.state === 'denied' || part.isError === true;
  const props: ToolRendererProps = {
    name: part.name,
    toolCallId: part.toolCallId,
    args: part.state === 'streaming-args' ? undefined : part.args,
    argsText: part.argsText,
    state: part.state,
    result: failed ? undefined : part.result,
    error: failed ? errorText(part.result) || labels.toolNotRunError(part.name) : undefined,
    elapsedMs,
    approval: part.approval,
    part,
  };
  if (part.state === 'awaiting-approval' && store) {
    props.approve = () => store.getState().approve(part.toolCallId);
    props.deny = (reason) => store.getState().deny(part.toolCallId, reason);
  }
  return (
    <div className="cw-tool-call cw-tool-custom" data-state={part.state} data-tool={part.name} data-tool-call-id={part.toolCallId}>
      <Renderer {...props} />
    </div>
  );
}

/** A result's `message` when it has one (the server's error and denial shape), else the value as text. */
function errorText(result: unknown): string {
  const message = typeof result === 'object' && result !== null ? (result as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : formatValue(result);
}
