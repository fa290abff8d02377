'use client';
import { useState } from 'react';
import { pageDeviceId } from '../core/session/pageDeviceId';
import type { ToolCallPart } from '../core/session/types';
import type { ChatLabels } from './labels';
import { pageToolLabels } from './pageToolLabels';

/** Props of {@link PageToolStatus}. */
export interface PageToolStatusProps {
  /** A call of a tool the page runs (`runsOn: 'page'`), still without its result. */
  part: ToolCallPart;
  /** The labels in effect on the card (the page tool's words default to English). */
  labels: Partial<ChatLabels>;
  /** The elapsed time, as the card shows it. */
  time: string | undefined;
  /** Answers a call a reload interrupted (on this device or another); without it, no buttons. */
  answer: ((choice: 'rerun' | 'report') => Promise<void> | void) | undefined;
}

/**
 * The status of a page tool's call on `ToolCallCard` (its own chunk, loaded with the first
 * such call): where it runs, from its claim ("Running get_time in this browser... 1.2 s",
 * "... on another device", "Waiting for a page to run get_time..."), or that a reload
 * interrupted it, with Run again (on another device: Run here) and Report as interrupted:
 * the choice is state in the log, so every device of the user shows it and may answer it
 * (the server keeps the first answer). Once chosen, the buttons stay disabled until the
 * result arrives (again if the answer failed).
 * Internal: `data-claim="none|here|elsewhere"` on the status.
 */
export function PageToolStatus({ part, labels, time, answer }: PageToolStatusProps) {
  const words = { ...pageToolLabels, ...labels };
  const [busy, setBusy] = useState(false);
  // A choice taken (the run goes on somewhere): the next interruption of the call asks afresh.
  if (busy && !part.interrupted) setBusy(false);
  const claim = part.claimedBy === undefined ? 'none' : part.claimedBy === pageDeviceId() ? 'here' : 'elsewhere';
  const choose = (choice: 'rerun' | 'report'): void => {
    setBusy(true);
    void Promise.resolve(answer?.(choice)).catch((error: unknown) => {
      setBusy(false);
      console.error(`chatwire: the answer on tool call ${part.toolCallId} was not sent:`, error);
    });
  };
  const text = part.interrupted
    ? words.toolInterrupted(part.name, claim === 'here')
    : claim === 'none'
      ? words.toolWaitingForPage(part.name)
      : claim === 'here'
        ? words.toolRunningHere(part.name, time)
        : words.toolRunningElsewhere(part.name, time);
  return (
    <>
      <span className="cw-tool-call-status" data-state={part.interrupted ? 'interrupted' : 'client-running'} data-claim={claim}>
        {text}
      </span>
      {part.interrupted && answer && (
        <span className="cw-tool-interrupted">
          <button type="button" disabled={busy} onClick={() => choose('rerun')}>
            {claim === 'here' ? words.runAgain : words.runHere}
          </button>
          <button type="button" disabled={busy} onClick={() => choose('report')}>
            {words.reportInterrupted}
          </button>
        </span>
      )}
    </>
  );
}
