'use client';
import { forwardRef, lazy, Suspense, useContext, useId, useState, type ComponentType, type HTMLAttributes } from 'react';
import type { ToolCallPart } from '../core/session/types';
import { cx } from './cx';
import { ToolApprovalControls, type ToolDecide } from './ToolApprovalControls';
import { useChatComponents } from './useChatComponents';
import { ChatStoreContext } from '../react/ChatStoreContext';
import type { ToolRendererProps } from './toolRenderers';
import { formatArgsText, formatValue } from './formatValue';
import { useElapsed } from './useElapsed';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';
import { useCountdown } from './useCountdown';
import { formatTimeLeft } from './formatTimeLeft';

type ToolRenderer = ComponentType<ToolRendererProps>;

/** What the card shows: the part's state, or a state derived from it, the clock and the claim. */
type CardState = ToolCallPart['state'] | 'approval-expired' | 'client-running' | 'interrupted';

/** A result longer than this (characters) or {@link LONG_RESULT_LINES} lines starts collapsed. */
export const LONG_RESULT_CHARS = 400;
/** A result with more lines than this starts collapsed. */
export const LONG_RESULT_LINES = 12;

/** Props of {@link ToolCallCard}. */
export interface ToolCallCardProps extends Omit<HTMLAttributes<HTMLDivElement>, 'part'> {
  /** The tool call to show. */
  part: ToolCallPart;
  /**
   * Whether the result starts expanded. Default: expanded when it is short (at most
   * {@link LONG_RESULT_CHARS} characters and {@link LONG_RESULT_LINES} lines), collapsed otherwise.
   */
  defaultResultOpen?: boolean;
  /** Clock for the elapsed time. Default `Date.now`. */
  now?: () => number;
  /**
   * Answers the approval request of a call in state `awaiting-approval` (Approve, Deny).
   * Default: the nearest `ChatProvider`'s `approve`/`deny`.
   */
  onDecide?: ToolDecide;
  /**
   * Answers a page tool's call that a reload interrupted, on this device (Run again) or
   * another (Run here), or reports it (Report as interrupted; the tool's `onReload: 'ask'`).
   * Default: the nearest `ChatProvider`'s `continueToolCall`.
   */
  onContinue?: (choice: 'rerun' | 'report') => Promise<void> | void;
}

function cardState(part: ToolCallPart, left: number | undefined): CardState {
  if (part.isError && part.state === 'result') return 'error';
  if (left !== undefined && left <= 0) return 'approval-expired';
  if (part.runsOn === 'page' && part.state === 'executing') return part.interrupted ? 'interrupted' : 'client-running';
  return part.state;
}

function isLong(text: string): boolean {
  return text.length > LONG_RESULT_CHARS || text.split('\n').length > LONG_RESULT_LINES;
}

function statusText(part: ToolCallPart, state: CardState, time: string | undefined, labels: typeof partLabels): string {
  switch (state) {
    case 'approval-expired':
      return labels.toolApprovalExpired(part.name);
    case 'streaming-args':
      return labels.toolPreparing(part.name);
    case 'called':
      return labels.toolCalling(part.name);
    case 'executing':
    case 'client-running': // until the page tool's status chunk is there
    case 'interrupted':
      return labels.toolRunning(part.name, time);
    case 'result':
      return labels.toolRan(part.name, time);
    case 'error':
      return labels.toolFailed(part.name, time);
    case 'awaiting-approval':
      return labels.toolAwaitingApproval(part.name);
    case 'denied':
      return labels.toolNotRun(part.name, part.approval?.decidedBy);
  }
}

/**
 * One tool call as a card: name, arguments as they stream in (pretty JSON once they parse),
 * the running time while the server executes it, then the result (collapsible) or the error.
 * A call that awaits approval shows Approve and Deny (with an optional reason); one that was
 * not approved says why (denied, timed out, stopped). Arguments and results are rendered as
 * text, never as HTML.
 *
 * A pending approval shows its deadline (the request's `expiresAt`, from the server's log, so
 * every tab and a reload count down to the same moment) as time left, ticking each second;
 * once it passed the card is `approval-expired` without the buttons, until the server's
 * timeout decision arrives (then `denied`, "not approved in time").
 *
 * A call of a tool the page runs (`clientTools`) is `client-running`, not `executing`, and
 * its status (`PageToolStatus`, its own chunk) says where: waiting for a page to take it,
 * running in this browser, or on another device (`data-claim="none|here|elsewhere"` on the
 * status, from its claim in the log). One whose run a reload cut short, whose tool asks
 * (`onReload: 'ask'`), is `interrupted` on every device, with Run again (Run here on
 * another device) and Report as interrupted: the first answer from any device wins.
 *
 * State: `data-state="streaming-args|called|awaiting-approval|approval-expired|executing|client-running|interrupted|result|error|denied"`,
 * `data-tool="<name>"`.
 *
 * A tool with a card of the app's own (`toolRenderers` in the nearest `components` map)
 * is drawn by that card instead (see `CustomToolCall`, loaded as its own chunk with the
 * first custom card; until then the card's empty frame, with the same data attributes).
 *
 * @example <ToolCallCard part={part} className="my-card" />
 */
export const ToolCallCard = forwardRef<HTMLDivElement, ToolCallCardProps>(function ToolCallCard(props, ref) {
  const renderer = useChatComponents().toolRenderers?.[props.part.name];
  if (renderer) return <CustomToolCard part={props.part} renderer={renderer} now={props.now} />;
  return <DefaultToolCallCard ref={ref} {...props} />;
});

/** A page tool's status and its Run again / Report buttons are their own chunk: apps without page tools never load it. */
const LazyPageToolStatus = lazy(() => import('./PageToolStatus').then((module) => ({ default: module.PageToolStatus })));

/** The app's cards (`CustomToolCall`, with the partial-arguments reader) are their own chunk: apps without them never load it. */
const LazyCustomToolCall = lazy(() => import('./CustomToolCall').then((module) => ({ default: module.CustomToolCall })));

/** A custom card: its timer and the provider's approve/deny here, the card from its chunk (meanwhile its empty frame). */
function CustomToolCard({ part, renderer, now }: { part: ToolCallPart; renderer: ToolRenderer; now?: () => number }) {
  const store = useContext(ChatStoreContext);
  const labels = useLabelsOver(partLabels);
  const started = part.executingAt ?? part.startedAt;
  const elapsedMs = useElapsed(part.state === 'executing' || part.endedAt !== undefined ? started : undefined, part.endedAt, part.state === 'executing', now);
  const pending = part.state === 'awaiting-approval' && store !== null;

  const frame = <div className="cw-tool-call cw-tool-custom" data-state={part.state} data-tool={part.name} data-tool-call-id={part.toolCallId} />;
  return (
    <Suspense fallback={frame}>
      <LazyCustomToolCall
        part={part}
        renderer={renderer}
        elapsedMs={elapsedMs}
        approve={pending ? () => store.getState().approve(part.toolCallId) : undefined}
        deny={pending ? (reason) => store.getState().deny(part.toolCallId, reason) : undefined}
        continueCall={part.interrupted && store ? (choice) => store.getState().continueToolCall(part.toolCallId, choice) : undefined}
        notRunError={labels.toolNotRunError(part.name)}
      />
    </Suspense>
  );
}

// Over 80 lines: one card whose JSX lays out the name, arguments, state line, approval controls and result in reading order; its states are computed in the small helpers above.
const DefaultToolCallCard = forwardRef<HTMLDivElement, ToolCallCardProps>(function DefaultToolCallCard(
  { part, defaultResultOpen, now, onDecide, onContinue, className, ...rest },
  ref,
) {
  const id = useId();
  const labels = useLabelsOver(partLabels);
  const left = useCountdown(part.state === 'awaiting-approval' ? part.approval?.expiresAt : undefined, now);
  const state = cardState(part, left);
  const store = useContext(ChatStoreContext);
  const started = part.executingAt ?? part.startedAt;
  const elapsed = useElapsed(started, part.endedAt, state === 'executing' || state === 'client-running', now);
  const time = elapsed === undefined ? undefined : labels.duration(elapsed);
  const status = (
    <span className="cw-tool-call-status" data-state={state}>
      {statusText(part, state, time, labels)}
    </span>
  );
  const argsText =
    part.args !== undefined && state !== 'streaming-args' ? formatValue(part.args) : formatArgsText(part.argsText);
  const hasResult = state === 'result' && part.result !== undefined;
  const resultText = hasResult ? formatValue(part.result) : '';
  const [resultOpen, setResultOpen] = useState<boolean | undefined>(undefined);
  const open = resultOpen ?? defaultResultOpen ?? !isLong(resultText);
  const resultId = `${id}-result`;

  return (
    <div
      ref={ref}
      // Focusable by script only: focus lands here when the approval controls inside go away.
      tabIndex={-1}
      {...rest}
      className={cx('cw-tool-call', className)}
      data-state={state}
      data-tool={part.name}
      data-tool-call-id={part.toolCallId}
    >
      <div className="cw-tool-call-header">
        <span className="cw-tool-call-name">{part.name}</span>
        {state === 'client-running' || state === 'interrupted' ? (
          <Suspense fallback={status}>
            <LazyPageToolStatus
              part={part}
              labels={labels}
              time={time}
              answer={onContinue ?? (store ? (choice) => store.getState().continueToolCall(part.toolCallId, choice) : undefined)}
            />
          </Suspense>
        ) : (
          status
        )}
      </div>
      {argsText !== '' && (
        <pre className="cw-tool-call-args" data-complete={state !== 'streaming-args'}>
          <code>{argsText}</code>
        </pre>
      )}
      {state === 'awaiting-approval' && left !== undefined && part.approval?.expiresAt !== undefined && (
        <div className="cw-tool-call-deadline">
          <time dateTime={new Date(part.approval.expiresAt).toISOString()}>{labels.toolDecideWithin(formatTimeLeft(left))}</time>
        </div>
      )}
      {state === 'approval-expired' && <div className="cw-tool-call-deadline" data-state="expired">{labels.toolDeadlinePassed}</div>}
      {state === 'awaiting-approval' && <ToolApprovalControls part={part} onDecide={onDecide} />}
      {state === 'denied' && part.approval?.reason && <div className="cw-tool-call-reason">{labels.toolReason(part.approval.reason)}</div>}
      {hasResult && (
        <div className="cw-tool-call-result" data-state={open ? 'open' : 'closed'}>
          <button
            type="button"
            className="cw-tool-call-toggle"
            aria-expanded={open}
            aria-controls={resultId}
            onClick={() => setResultOpen(!open)}
          >
            {open ? labels.hideResult : labels.showResult}
          </button>
          {/* Focusable: a long result scrolls, and the keyboard must be able to scroll it. */}
          <pre className="cw-tool-call-result-body" id={resultId} hidden={!open} tabIndex={0}>
            <code>{resultText}</code>
          </pre>
        </div>
      )}
      {state === 'error' && (
        <div className="cw-tool-call-error" role="alert">
          {formatValue(part.result) || labels.toolFailedSilently(part.name)}
        </div>
      )}
    </div>
  );
});
