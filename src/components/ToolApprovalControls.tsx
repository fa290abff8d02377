'use client';
import { useContext, useLayoutEffect, useRef, useState } from 'react';
import type { ToolDecisionOutcome } from '../core/session/decideToolCall';
import type { ToolCallPart } from '../core/session/types';
import { messageOf } from '../core/messageOf';
import { ChatStoreContext } from '../react/ChatStoreContext';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

/** Answers an approval request: resolves with what the server recorded (or the first decision). */
export type ToolDecide = (approved: boolean, reason?: string) => Promise<ToolDecisionOutcome | void> | void;

/** Props of {@link ToolApprovalControls}. */
export interface ToolApprovalControlsProps {
  /** The tool call awaiting approval. */
  part: ToolCallPart;
  /** Answers the request. Default: the nearest `ChatProvider`'s `approve`/`deny`; without either, nothing is shown. */
  onDecide?: ToolDecide;
}

/**
 * Approve and Deny buttons (accessible names the `approve` and `deny` labels, "Approve" and "Deny" by default) with an optional
 * reason, for a tool call in state `awaiting-approval`. While the answer is on its way the
 * buttons are disabled; when someone decided first (another tab or device, the timeout) it
 * says so until that decision arrives on the stream; a failure shows as an alert.
 *
 * State: `data-state="ready|sending|decided-elsewhere|failed"` on `cw-tool-approval`.
 *
 * @example <ToolApprovalControls part={part} onDecide={(ok, why) => (ok ? approve(part.toolCallId) : deny(part.toolCallId, why))} />
 */
export function ToolApprovalControls({ part, onDecide }: ToolApprovalControlsProps) {
  const store = useContext(ChatStoreContext);
  const labels = useLabelsOver(partLabels);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<'ready' | 'sending' | 'decided-elsewhere' | 'failed'>('ready');
  const [note, setNote] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const answeredFromHere = useRef(false);
  // When the decision arrives the controls go away; if focus was in them (or left with the
  // button disabled while sending), it moves to the card (`tabIndex=-1`), so a keyboard user
  // goes on from there instead of from the page's start.
  useLayoutEffect(
    () => () => {
      const el = root.current;
      const active = document.activeElement;
      const lost = answeredFromHere.current && (active === null || active === document.body);
      if (el && (el.contains(active) || lost)) el.closest<HTMLElement>('[tabindex="-1"]')?.focus();
    },
    [],
  );
  const decide: ToolDecide | undefined =
    onDecide ??
    (store
      ? (approved, why) => (approved ? store.getState().approve(part.toolCallId) : store.getState().deny(part.toolCallId, why))
      : undefined);
  if (!decide) return null;

  const answer = async (approved: boolean): Promise<void> => {
    answeredFromHere.current = root.current?.contains(document.activeElement) ?? false;
    setState('sending');
    setNote('');
    try {
      const outcome = await decide(approved, reason.trim() === '' ? undefined : reason.trim());
      if (outcome && !outcome.recorded) {
        setState('decided-elsewhere');
        setNote(labels.decidedElsewhere(outcome.decision));
      }
    } catch (error) {
      setState('failed');
      setNote(labels.decisionFailed(messageOf(error)));
    }
  };

  const busy = state === 'sending' || state === 'decided-elsewhere';
  return (
    <div ref={root} className="cw-tool-approval" data-state={state}>
      <input
        className="cw-tool-approval-reason"
        type="text"
        aria-label={labels.reasonInput(part.name)}
        placeholder={labels.reasonPlaceholder}
        value={reason}
        maxLength={2000}
        disabled={busy}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="button" className="cw-tool-approval-approve" disabled={busy} onClick={() => void answer(true)}>
        {labels.approve}
      </button>
      <button type="button" className="cw-tool-approval-deny" disabled={busy} onClick={() => void answer(false)}>
        {labels.deny}
      </button>
      {note !== '' && (
        <div className="cw-tool-approval-note" role={state === 'failed' ? 'alert' : 'status'}>
          {note}
        </div>
      )}
    </div>
  );
}
