import type { ChatEvent } from '../../events';
import type { ProtocolAdapter } from '../internal/ProtocolAdapter';
import { INVALID_JSON, isRecord, parseJson, pickId, pickString, pickValue } from '../internal/json';
import { malformedEvent } from '../internal/malformedEvent';
import { normalizeFinishReason } from '../internal/normalizeFinishReason';
import { normalizeUsage } from '../internal/normalizeUsage';

const LINE = /^([0-9a-z]):/;

/**
 * Vercel AI SDK data stream, the older line protocol (`x-vercel-ai-data-stream: v1`): each
 * message's `data` is one line `CODE:JSON`. `2:` data, `8:` annotations, `e:` step ends,
 * `f:` step starts, `i:`/`j:` redacted reasoning and signatures, `k:` files are ignored.
 */
export function createAiSdkDataAdapter(): ProtocolAdapter {
  function handle(code: string, value: unknown, line: string): ChatEvent[] {
    const record = isRecord(value) ? value : undefined;
    const needObject = (): ChatEvent[] => [malformedEvent('ai-sdk-data', `${code}:`, line, 'is not a JSON object')];
    switch (code) {
      case '0':
      case 'g': {
        if (typeof value !== 'string') return [malformedEvent('ai-sdk-data', `${code}:`, line, 'is not a JSON string')];
        if (value === '') return [];
        return [{ type: code === '0' ? 'text-delta' : 'reasoning-delta', delta: value }];
      }
      case 'b':
        if (record === undefined) return needObject();
        return [{ type: 'tool-call-start', toolCallId: pickId(record, 'toolCallId') ?? '', name: pickString(record, 'toolName') ?? 'tool' }];
      case 'c': {
        if (record === undefined) return needObject();
        const argsDelta = pickString(record, 'argsTextDelta') ?? '';
        return argsDelta === '' ? [] : [{ type: 'tool-call-delta', toolCallId: pickId(record, 'toolCallId') ?? '', argsDelta }];
      }
      case '9':
        if (record === undefined) return needObject();
        return [{ type: 'tool-call', toolCallId: pickId(record, 'toolCallId') ?? '', name: pickString(record, 'toolName') ?? 'tool', args: record['args'] ?? {} }];
      case 'a':
        if (record === undefined) return needObject();
        return [{ type: 'tool-result', toolCallId: pickId(record, 'toolCallId') ?? '', result: pickValue(record, 'result') ?? null }];
      case 'h': {
        if (record === undefined) return needObject();
        const source = isRecord(record['source']) ? record['source'] : record;
        const url = pickString(source, 'url');
        const title = pickString(source, 'title');
        const id = pickId(source, 'id') ?? url ?? '';
        return [{ type: 'citations', citations: [{ id, ...(title !== undefined && { title }), ...(url !== undefined && { url }) }] }];
      }
      case '3':
        return [{ type: 'error', message: typeof value === 'string' ? value : 'The AI SDK stream reported an error without text.' }];
      case 'd': {
        if (record === undefined) return needObject();
        const done: ChatEvent = { type: 'done' };
        const reason = normalizeFinishReason(record['finishReason']);
        const usage = normalizeUsage(record['usage']);
        if (reason !== undefined) done.finishReason = reason;
        if (usage !== undefined) done.usage = usage;
        return [done];
      }
      default:
        return [];
    }
  }

  return {
    push(message) {
      const line = message.data.replace(/\r$/, '');
      if (line.trim() === '') return [];
      const match = LINE.exec(line);
      if (match === null || match[1] === undefined) {
        return [malformedEvent('ai-sdk-data', 'line', line, 'does not start with a type code such as 0: or d:')];
      }
      const code = match[1];
      const value = parseJson(line.slice(2));
      if (value === INVALID_JSON) return [malformedEvent('ai-sdk-data', `${code}:`, line)];
      return handle(code, value, line);
    },
    end: () => [],
  };
}
