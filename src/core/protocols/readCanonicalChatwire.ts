import type { ChatEvent } from '../events';
import type { SSEMessage } from '../sse/SSEMessage';

type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const S: Check = (v) => typeof v === 'string';
const N: Check = (v) => typeof v === 'number';
const B: Check = (v) => typeof v === 'boolean';
/** Only fields of `spec` (a leading `!` marks a required one), each passing its check. */
const fits = (data: Record<string, unknown>, spec: Record<string, Check>): boolean => {
  for (const key in data) {
    const check = Object.hasOwn(spec, key) ? spec[key] : Object.hasOwn(spec, `!${key}`) ? spec[`!${key}`] : undefined;
    if (!check?.(data[key])) return false;
  }
  for (const key in spec) if (key[0] === '!' && !Object.hasOwn(data, key.slice(1))) return false;
  return true;
};
const CITATION = { '!id': S, title: S, url: S, snippet: S, timestamp: S, speaker: S };
const USAGE = { inputTokens: N, outputTokens: N, reasoningTokens: N, totalTokens: N };
// Finish reasons the full reader keeps as they are (it maps provider spellings to these).
const FINISH = ['stop', 'length', 'tool-calls', 'content-filter'];

/**
 * The fields of each canonical chatwire event, as `chatwire/server` writes them. Not the
 * approval events (`approval-request`, `approval-decision`): only apps with approvals send
 * them, and those load the lazy chunks anyway, so they go to the full decoder.
 */
const EVENTS: Record<string, Record<string, Check>> = {
  session: { conversationId: S, streamId: S, messageId: S, parentId: S },
  'user-message': { '!messageId': S, '!text': S, parentId: S },
  status: { '!text': S },
  'text-delta': { '!delta': S },
  'reasoning-delta': { '!delta': S },
  'tool-call-start': { '!toolCallId': S, '!name': S },
  'tool-call-delta': { '!toolCallId': S, '!argsDelta': S },
  'tool-call': { '!toolCallId': S, '!name': S, args: (v) => !S(v) },
  'tool-executing': { '!toolCallId': S },
  'tool-result': { '!toolCallId': S, result: () => true, isError: B },
  citations: { '!citations': (v) => Array.isArray(v) && v.every((c) => isObject(c) && fits(c, CITATION)) },
  done: {
    finishReason: (v) => FINISH.includes(v as string),
    usage: (v) => isObject(v) && Object.keys(v).length > 0 && fits(v, USAGE),
    processingTimeMs: N,
  },
  error: { '!message': S, code: S, retryable: B, status: N, fatal: B },
  cancelled: { reason: S },
};

/**
 * Decodes one message of chatwire's protocol when it is plainly canonical: a ChatEvent type
 * as the event name, data a JSON object with only that event's own fields (and `seq`, `at`),
 * each of its type, as `chatwire/server` writes them. Returns `undefined` for anything else
 * (legacy names such as `token`, the approval events, other field spellings, an unnamed
 * `message`, malformed data, unknown names): the session hands those to the full decoder (`decodeChatwireMessage`,
 * in the lazy protocol chunk), which gives the same event as this for every message this
 * decodes (a property test pins it). The full decoder does not call this one: a module
 * shared by the initial and the lazy chunk costs the hooks bundle 0.25 kB gzip (a chunk
 * of its own). Internal.
 */
export function readCanonicalChatwire(message: SSEMessage): ChatEvent | undefined {
  const type = message.event;
  const spec = Object.hasOwn(EVENTS, type) ? EVENTS[type] : undefined;
  if (!spec) return undefined;
  let data: unknown;
  try {
    data = message.data.trim() === '' ? {} : JSON.parse(message.data);
  } catch {
    return undefined;
  }
  if (!isObject(data)) return undefined;
  const { seq, at, ...fields } = data;
  if ((seq !== undefined && !N(seq)) || (at !== undefined && !N(at)) || !fits(fields, spec)) return undefined;
  const event = { type, ...fields } as ChatEvent & Record<string, unknown>;
  if (type === 'tool-call') event['args'] = fields['args'] ?? {};
  if (type === 'tool-result') event['result'] = fields['result'] ?? null;
  if (/^\d+$/.test(message.id)) event.seq = Number(message.id);
  else if (seq !== undefined) event.seq = seq as number;
  if (at !== undefined) event.at = at as number;
  return event;
}
