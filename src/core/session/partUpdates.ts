import type { Citation } from '../events';
import type { MessagePart, ToolCallPart } from './types';

/**
 * Pure helpers that return a new parts array; untouched parts keep their identity.
 * Internal to the session room.
 */

/** Parts a text or reasoning run does not continue across. */
const BREAKS: Record<'text' | 'reasoning', ReadonlySet<MessagePart['type']>> = {
  text: new Set(['tool-call', 'reasoning']),
  reasoning: new Set(['tool-call', 'text']),
};

/**
 * Appends a delta to the latest `kind` part, unless a tool call (or the other kind of
 * text) came after it: then a new part starts. Status, citation and error parts in
 * between do not split the text.
 */
export function appendTextDelta(parts: MessagePart[], kind: 'text' | 'reasoning', delta: string): MessagePart[] {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] as MessagePart;
    if (part.type === kind) {
      const next = parts.slice();
      next[i] = { type: kind, text: part.text + delta };
      return next;
    }
    if (BREAKS[kind].has(part.type)) break;
  }
  return [...parts, { type: kind, text: delta }];
}

/** Replaces the last part when it is a status line, else appends one. */
export function setStatus(parts: MessagePart[], text: string): MessagePart[] {
  const last = parts[parts.length - 1];
  if (last?.type === 'status') return [...parts.slice(0, -1), { type: 'status', text }];
  return [...parts, { type: 'status', text }];
}

/** Merges sources into the message's one citations part (same id: the later one wins). */
export function mergeCitations(parts: MessagePart[], citations: Citation[]): MessagePart[] {
  const index = parts.findIndex((p) => p.type === 'citations');
  if (index === -1) return [...parts, { type: 'citations', citations: dedupeById(citations) }];
  const existing = parts[index] as { type: 'citations'; citations: Citation[] };
  const next = parts.slice();
  next[index] = { type: 'citations', citations: dedupeById([...existing.citations, ...citations]) };
  return next;
}

function dedupeById(citations: Citation[]): Citation[] {
  const byId = new Map<string, Citation>();
  for (const c of citations) {
    byId.delete(c.id);
    byId.set(c.id, c);
  }
  return [...byId.values()];
}

/**
 * Updates the tool call `toolCallId`, creating it (name `''`, state `streaming-args`) when
 * its start event was never seen.
 */
export function updateToolCall(
  parts: MessagePart[],
  toolCallId: string,
  update: (call: ToolCallPart) => ToolCallPart,
  at?: number,
): MessagePart[] {
  const index = parts.findIndex((p) => p.type === 'tool-call' && p.toolCallId === toolCallId);
  if (index === -1) {
    const fresh: ToolCallPart = { type: 'tool-call', toolCallId, name: '', argsText: '', state: 'streaming-args' };
    if (at !== undefined) fresh.startedAt = at;
    return [...parts, update(fresh)];
  }
  const next = parts.slice();
  next[index] = update(parts[index] as ToolCallPart);
  return next;
}

/** Whether every tool call among `parts` has its result (or error, or was not approved). */
export function allToolCallsSettled(parts: MessagePart[]): boolean {
  return parts.every((p) => p.type !== 'tool-call' || p.state === 'result' || p.state === 'error' || p.state === 'denied');
}
