import type { ChatEvent } from '../../../src/core/events';
import { encodeChatEvent } from '../../../src/core/protocols/encodeChatEvent';
import { frameOf, storedFromEvent, storedFromJson } from '../../../src/server/store/eventFrames';

/** Events as a log keeps them (JSON without seq), with text that JSON must escape. */
const events: ChatEvent[] = [
  { type: 'text-delta', delta: 'Hé "quoted" \\ back\nslash\u2028 🎉 \ud800', at: 1_733_000_000_123 },
  { type: 'done' } as ChatEvent,
  { type: 'done', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 5 }, processingTimeMs: 0.5 },
  { type: 'tool-result', toolCallId: 'call_1', result: { b: 1, 10: 'ten', 2: [null, -0, 1e21, 'x'] }, isError: false },
  { type: 'error', code: 'model_error', message: 'The model failed.', retryable: true },
];

describe('storedFromJson', () => {
  it.each(events.map((event) => [event.type, event] as const))('frames a %s from its JSON exactly as encodeChatEvent frames the parsed event', (_, event) => {
    const stored = storedFromJson(42, JSON.stringify(event));
    expect(stored).toEqual({ seq: 42, event: JSON.parse(JSON.stringify(event)) });
    expect(frameOf(stored)).toBe(encodeChatEvent(stored.event, 42));
  });

  it('frames JSON whose type is not its first field (or carries a seq) through encodeChatEvent', () => {
    const late = storedFromJson(7, '{"delta":"a","type":"text-delta"}');
    expect(frameOf(late)).toBe('id: 7\nevent: text-delta\ndata: {"delta":"a"}\n\n');
    const withSeq = storedFromJson(8, '{"type":"text-delta","seq":3,"delta":"b"}');
    expect(frameOf(withSeq)).toBe('id: 8\nevent: text-delta\ndata: {"delta":"b"}\n\n');
  });
});

describe('storedFromEvent', () => {
  it.each(events.map((event) => [event.type, event] as const))('keeps the %s object itself and frames it from its JSON as encodeChatEvent does', (_, event) => {
    const stored = storedFromEvent(9, event, JSON.stringify(event));
    expect(stored.event).toBe(event);
    expect(frameOf(stored)).toBe(encodeChatEvent(event, 9));
  });

  it('reads an event that carries a seq from its JSON (which has none)', () => {
    const event = { type: 'text-delta', delta: 'a', seq: 3 } as ChatEvent;
    const stored = storedFromEvent(5, event, '{"type":"text-delta","delta":"a"}');
    expect(stored).toEqual({ seq: 5, event: { type: 'text-delta', delta: 'a' } });
    expect(frameOf(stored)).toBe('id: 5\nevent: text-delta\ndata: {"delta":"a"}\n\n');
  });
});
