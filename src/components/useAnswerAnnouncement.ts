'use client';
import { useEffect, useRef, useState } from 'react';
import { isActivePhase, TERMINAL_PHASES } from '../core/session/phases';
import type { ChatMessage, ChatPhase } from '../core/session/types';
import { messageText } from './messageText';

const countUserTurns = (messages: readonly ChatMessage[]): number => messages.filter((m) => m.role === 'user').length;

/** What the screen reader is told when a generation pauses for the user's approval of a tool call. */
export type AwaitingApprovalText = (name: string) => string;

/**
 * The text to announce to screen readers, as plain text, on phase changes only (never per
 * token): when a generation starts waiting for the user's approval, which tool calls wait
 * (`awaitingApproval` of each name); when it stops, the finished answer once (see
 * {@link messageText}). Keyed on the phase and the number of prompts, not the live
 * message's id: the local placeholder is renamed to the server's id, and under load a whole
 * answer can arrive between two renders (idle -> complete without an active phase ever
 * rendered). History present at mount or loaded later (phase idle) is not announced.
 * Internal to `MessageList`.
 *
 * @example const announcement = useAnswerAnnouncement(messages, phase, labels.toolAwaitingApproval); // <div aria-live="polite">{announcement}</div>
 */
export function useAnswerAnnouncement(messages: readonly ChatMessage[], phase: ChatPhase, awaitingApproval: AwaitingApprovalText): string {
  const [announcement, setAnnouncement] = useState('');
  const streaming = isActivePhase(phase);
  const wasStreaming = useRef(streaming);
  const wasPhase = useRef(phase);
  // Prompts counted at mount (history is not announced); counted again only when a
  // generation may have ended, never per streamed frame.
  const [mountTurns] = useState(() => (streaming ? -1 : countUserTurns(messages)));
  const announcedTurns = useRef(mountTurns);
  useEffect(() => {
    const was = wasStreaming.current;
    const edge = wasPhase.current !== phase;
    wasStreaming.current = streaming;
    wasPhase.current = phase;
    if (phase === 'awaiting-approval') {
      const text = edge ? awaitingText(messages[messages.length - 1], awaitingApproval) : '';
      if (text !== '') setAnnouncement(text);
      return;
    }
    if (streaming || (!was && !TERMINAL_PHASES.has(phase))) return;
    const turns = countUserTurns(messages);
    if (!was && turns === announcedTurns.current) return;
    announcedTurns.current = turns;
    const finished = messages[messages.length - 1];
    if (finished?.role === 'assistant') setAnnouncement(messageText(finished));
    // The label function is read when the phase changes; a new identity alone announces nothing.
  }, [streaming, phase, messages]);
  return announcement;
}

/** "send_email needs your approval" for each call of `message` that awaits approval. */
function awaitingText(message: ChatMessage | undefined, awaitingApproval: AwaitingApprovalText): string {
  const names = (message?.parts ?? []).flatMap((part) => (part.type === 'tool-call' && part.state === 'awaiting-approval' ? [part.name] : []));
  return names.map(awaitingApproval).join('. ');
}
