import { HttpError } from './HttpError';

/** A validated start request body. */
export interface StartBody {
  conversationId?: string;
  /** The prompt; absent when regenerating. */
  message: { id?: string; text: string } | null;
  /** The id of the prompt this one edits: the new prompt is its sibling (docs/branches.md). */
  edit?: string;
  /** The id of the answer to write again: the new answer is its sibling. No `message` then. */
  regenerate?: string;
}

/** Conversation and message ids: 1-128 characters of letters, digits, `_`, `-`, `.`, `:`. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Checks the start body (`{ conversationId?, message: { id, text }, edit? }` or
 * `{ conversationId, regenerate }`) and answers 400 naming the bad field: `body`,
 * `conversationId`, `message`, `message.id`, `message.text`, `edit` or `regenerate`.
 */
export function validateStartBody(body: unknown, maxMessageChars: number): StartBody {
  const bad = (field: string, message: string): HttpError => new HttpError(400, 'invalid_request', message, field);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('body', `The body must be a JSON object like {"message":{"id":"m1","text":"Hi"}}; received ${describe(body)}.`);
  }
  const { conversationId, message, edit, regenerate } = body as Record<string, unknown>;
  if (conversationId !== undefined && conversationId !== null) {
    if (typeof conversationId !== 'string' || !ID_PATTERN.test(conversationId)) {
      throw bad(
        'conversationId',
        `conversationId must be an id from a previous session event (1-128 letters, digits, _ - . :); received ${describe(conversationId)}. Omit it to start a new conversation.`,
      );
    }
  }
  const branchOf = (field: 'edit' | 'regenerate', value: unknown): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
      throw bad(field, `${field} must be the id of a message of the conversation (1-128 letters, digits, _ - . :); received ${describe(value)}.`);
    }
    if (typeof conversationId !== 'string') throw bad('conversationId', `${field} needs the conversationId of the conversation that has message "${value}"; received ${describe(conversationId)}.`);
    return value;
  };
  const edited = branchOf('edit', edit);
  const regenerated = branchOf('regenerate', regenerate);
  if (regenerated !== undefined) {
    if (edited !== undefined) throw bad('edit', `Send either edit (a new prompt in place of "${edited}") or regenerate (a new answer in place of "${regenerated}"), not both.`);
    if (message !== undefined && message !== null) throw bad('message', `A regenerate request writes a new answer to the same prompt: send no message; received ${describe(message)}.`);
    return { conversationId: conversationId as string, message: null, regenerate: regenerated };
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
    ...(edited === undefined ? {} : { edit: edited }),
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json === undefined ? typeof value : json.length > 60 ? `${json.slice(0, 60)}...` : json;
}
