import type { ChatOptions } from './ChatOptions';
import type { LazySessionKit } from './LazySessionKit';
import { requestJson } from './requestJson';
import type { ChatMessage } from './types';

/** The history route's answer (docs/PROTOCOL.md). */
export interface ChatHistory {
  conversationId: string;
  /** Every branch's messages, in the order they were created. */
  messages: ChatMessage[];
  /** The branch choices (`ChatState.selection`); `{}` from servers without branches. */
  selection: Record<string, string>;
  lastSeq: number;
  activeStream: { streamId: string; messageId: string; startSeq: number } | null;
}

/** GETs the history; `null` when the server has no history route (404). Internal; in the lazy session chunk. */
export async function fetchHistory(
  kit: LazySessionKit,
  options: Pick<ChatOptions, 'fetch' | 'headers' | 'credentials'>,
  url: string,
  signal: AbortSignal,
): Promise<ChatHistory | null> {
  const { status, json } = await requestJson(kit, options, url, { method: 'GET', signal, allowNotFound: true });
  if (status === 404) return null;
  const h = json as Partial<ChatHistory> | null;
  if (!h || !Array.isArray(h.messages) || typeof h.lastSeq !== 'number') {
    throw new kit.ChatwireError(
      `History from ${url} is not { conversationId, messages: [], lastSeq: number, activeStream }; received ${JSON.stringify(json)?.slice(0, 120)}. ` +
        'Check the server implements the history route of docs/PROTOCOL.md, or pass historyEndpoint: null.',
      { code: 'bad_history', retryable: false },
    );
  }
  return {
    conversationId: typeof h.conversationId === 'string' ? h.conversationId : '',
    messages: h.messages,
    selection: isStringRecord(h.selection) ? h.selection : {},
    lastSeq: h.lastSeq,
    activeStream: h.activeStream ?? null,
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}
