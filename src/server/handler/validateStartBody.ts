import { HttpError } from './HttpError';

/** A validated start request body. */
export interface StartBody {
  conversationId?: string;
  message: { id?: string; text: string };
}

/** Conversation and message ids: 1-128 characters of letters, digits, `_`, `-`, `.`, `:`. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Checks the start body (`{ conversationId?, message: { id, text } }`) and answers 400
 * naming the bad field: `body`, `conversationId`, `message`, `message.id` or `message.text`.
 */
export function validateStartBody(body: unknown, maxMessageChars: number): StartBody {
  const bad = (field: string, message: string): HttpError => new HttpError(400, 'invalid_request', message, field);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('body', `The body must be a JSON object like {"message":{"id":"m1","text":"Hi"}}; received ${describe(body)}.`);
  }
  const { conversationId, message } = body as Record<string, unknown>;
  if (conversationId !== undefined && conversationId !== null) {
    if (typeof conversationId !== 'string' || !ID_PATTERN.test(conversationId)) {
      throw bad(
        'conversationId',
        `conversationId must be an id from a previous session event (1-128 letters, digits, _ - . :); received ${describe(conversationId)}. Omit it to start a new conversation.`,
      );
    }
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw bad('message', `message must be an object {"id":"...","text":"..."}; received ${describe(message)}.`);
  }
  const { id, text } = message as Record<string, unknown>;
  if (id !== undefined && (typeof id !== 'string' || !ID_PATTERN.test(id))) {
    throw bad('message.id', `message.id must be 1-128 letters, digits, _ - . :; received ${describe(id)}.`);
  }
  if (typeof text !== 'string') {
    throw bad('message.text', `message.text must be a string; received ${describe(text)}.`);
  }
  if (text.trim() === '') throw bad('message.text', 'message.text is empty; send the text of the prompt.');
  if (text.length > maxMessageChars) {
    throw bad(
      'message.text',
      `message.text is ${text.length} characters, more than the limit of ${maxMessageChars}. Shorten the prompt.`,
    );
  }
  return {
    ...(typeof conversationId === 'string' ? { conversationId } : {}),
    message: typeof id === 'string' ? { id, text } : { text },
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? typeof value : json.length > 60 ? `${json.slice(0, 60)}...` : json;
}
