import type { ChatEvent } from '../../events';
import { excerpt } from './malformedEvent';
import { INVALID_JSON, parseJson } from './json';

/**
 * The `tool-call` event for a call whose argument JSON is complete. Empty arguments are
 * `{}`. Arguments that are not valid JSON come as the raw text in `args`, preceded by a
 * non-fatal `error` (code `malformed_tool_arguments`) so the user sees what happened.
 */
export function completeToolCall(protocol: string, toolCallId: string, name: string, argsText: string): ChatEvent[] {
  if (argsText.trim() === '') return [{ type: 'tool-call', toolCallId, name, args: {} }];
  const args = parseJson(argsText);
  if (args !== INVALID_JSON) return [{ type: 'tool-call', toolCallId, name, args }];
  return [
    {
      type: 'error',
      code: 'malformed_tool_arguments',
      fatal: false,
      retryable: false,
      message: `${protocol}: the arguments of tool call "${name}" (${toolCallId}) are not valid JSON; received ${JSON.stringify(excerpt(argsText))}. The call is passed on with the raw text as its args.`,
    },
    { type: 'tool-call', toolCallId, name, args: argsText },
  ];
}
