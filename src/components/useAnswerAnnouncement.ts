'use client';
import { useEffect, useRef, useState } from 'react';
import { isActivePhase, TERMINAL_PHASES } from '../core/session/phases';
import type { ChatMessage, ChatPhase } from '../core/session/types';
import { messageText } from './messageText';

const countUserTurns = (messages: readonly ChatMessage[]): number => messages.filter((m) => m.role === 'user').length;

/**
 * The text to announce to screen readers: each finished answer once, as plain text (see
 * {@link messageText}), when its generation stops. Keyed on the phase and the number of
 * prompts, not the live message's id: the local placeholder is renamed to the server's id,
 * and under load a whole answer can arrive between two renders (idle -> complete without an
 * active phase ever rendered). History present at mount or loaded later (phase idle) is not
 * announced. Internal to `MessageList`.
 *
 * @example const announcement = useAnswerAnnouncement(messages, phase); // <div aria-live="polite">{announcement}</div>
 */
export function useAnswerAnnouncement(messages: readonly ChatMessage[], phase: ChatPhase): string {
  const [announcement, setAnnouncement] = useState('');
  const streaming = isActivePhase(phase);
  const wasStreaming = useRef(streaming);
  // Prompts counted at mount (history is not announced); counted again only when a
  // generation may have ended, never per streamed frame.
  const [mountTurns] = useState(() => (streaming ? -1 : countUserTurns(messages)));
  const announcedTurns = useRef(mountTurns);
  useEffect(() => {
    const was = wasStreaming.current;
    wasStreaming.current = streaming;
    if (streaming || (!was && !TERMINAL_PHASES.has(phase))) return;
    const turns = countUserTurns(messages);
    if (!was && turns === announcedTurns.current) return;
    announcedTurns.current = turns;
    const finished = messages[messages.length - 1];
    if (finished?.role === 'assistant') setAnnouncement(messageText(finished));
  }, [streaming, phase, messages]);
  return announcement;
}
