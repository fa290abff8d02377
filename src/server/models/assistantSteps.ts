import type { ChatMessage, ReasoningPart, TextPart, ToolCallPart } from '../../core/session/types';

/** The parts a model wrote in one step: thinking and text, then the tool calls it made. */
export type StepPart = TextPart | ReasoningPart | ToolCallPart;

/**
 * Splits one chatwire assistant message into the provider turns it came from. chatwire keeps
 * a whole answer in one message (`text, tool-call, tool-call, text`), providers want one
 * assistant turn per model step with the tool results between them. A step ends where a
 * text or reasoning part follows a tool call. Status, citation and error parts are display
 * only and are left out.
 */
export function assistantSteps(message: ChatMessage): StepPart[][] {
  const steps: StepPart[][] = [];
  let current: StepPart[] = [];
  let sawToolCall = false;
  for (const part of message.parts) {
    if (part.type !== 'text' && part.type !== 'reasoning' && part.type !== 'tool-call') continue;
    if (part.type !== 'tool-call' && sawToolCall) {
      steps.push(current);
      current = [];
      sawToolCall = false;
    }
    if (part.type === 'tool-call') sawToolCall = true;
    current.push(part);
  }
  if (current.length > 0) steps.push(current);
  return steps;
}


/** A tool call's arguments as a JSON object string (OpenAI's `arguments`); `{}` when they do not parse. */
export function argumentsJson(call: ToolCallPart): string {
  return JSON.stringify(argumentsObject(call));
}

/** A tool call's arguments as an object (Anthropic's `input`); `{}` when they do not parse. */
export function argumentsObject(call: ToolCallPart): Record<string, unknown> {
  let value: unknown = call.args;
  if (value === undefined && call.argsText.trim() !== '') {
    try {
      value = JSON.parse(call.argsText);
    } catch {
      value = undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * A tool result as the string providers expect. Calls that never got a result (cancelled,
 * or a client-side tool nobody answered) say so, because every call needs an answer; a
 * call that was not approved (`denied`) gets its denial ("Not run: ..."), never "Error".
 */
export function resultText(call: ToolCallPart): string {
  if (call.result === undefined) {
    if (call.state === 'denied') {
      return call.approval?.decidedBy === 'stop'
        ? 'Not run: the answer was stopped while this call awaited approval.'
        : 'Not run: the user did not approve this call.';
    }
    return call.state === 'error' || call.isError ? 'Error: the tool failed without a message.' : 'Error: the tool call produced no result.';
  }
  const text = typeof call.result === 'string' ? call.result : JSON.stringify(call.result);
  // A call that was not approved is not a failure of the tool: its result says why it did not run.
  return call.isError && call.state !== 'denied' && !text.startsWith('Error') ? `Error: ${text}` : text;
}

/** Whether a result should be flagged as an error to the model (a denied call is: it did not run). */
export function resultIsError(call: ToolCallPart): boolean {
  return call.isError === true || call.state === 'error' || call.result === undefined;
}
