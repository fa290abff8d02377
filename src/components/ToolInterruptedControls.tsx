'use client';
import { useContext, useState } from 'react';
import type { ToolCallPart } from '../core/session/types';
import { messageOf } from '../core/messageOf';
import { ChatStoreContext } from '../react/ChatStoreContext';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

/** Answers a page tool's call that a reload interrupted: run it again here, or report it interrupted. */
export type ToolContinue = (choice: 'rerun' | 'report') => Promise<void> | void;

/**
 * Run again and Report as interrupted, for a call of a page tool (`clientTools`) that a
 * reload of this browser interrupted, whose tool asks (`onReload: 'ask'`). Either answer
 * disables both until the call's result arrives on the stream; a failure is an alert.
 * Internal to `ToolCallCard`: `data-state="ready|sending|failed"` on `cw-tool-interrupted`.
 */
export function ToolInterruptedControls({ part, onContinue }: { part: ToolCallPart; onContinue?: ToolContinue }) {
  const store = useContext(ChatStoreContext);
  const labels = useLabelsOver(partLabels);
  const [state, setState] = useState<'ready' | 'sending' | 'failed'>('ready');
  const [note, setNote] = useState('');
  const answer = onContinue ?? (store ? (choice: 'rerun' | 'report') => store.getState().continueToolCall(part.toolCallId, choice) : undefined);
  if (!answer) return null;
  const choose = async (choice: 'rerun' | 'report'): Promise<void> => {
    setState('sending');
    try {
      await answer(choice);
    } catch (error) {
      setState('failed');
      setNote(labels.toolContinueFailed(messageOf(error)));
    }
  };
  return (
    <div className="cw-tool-interrupted" data-state={state}>
      <button type="button" disabled={state === 'sending'} onClick={() => void choose('rerun')}>
        {labels.runAgain}
      </button>
      <button type="button" disabled={state === 'sending'} onClick={() => void choose('report')}>
        {labels.reportInterrupted}
      </button>
      {note !== '' && <div role="alert">{note}</div>}
    </div>
  );
}
