import type { Citation } from '../../src/core/events';
import type { MockStep } from './mockStream';

/** Sources used by the citation scenarios. */
export const sources: Citation[] = [
  { id: '1', title: 'MDN: Using server-sent events', url: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events' },
  { id: '2', title: 'HTML Living Standard §9.2', url: 'https://html.spec.whatwg.org/multipage/server-sent-events.html' },
  { id: '3', title: 'Team sync', timestamp: '12:45', speaker: 'Sarah Johnson' },
];

/** Markdown for the long-code scenario. */
export const longCode = [
  'Here is a complete SSE reader:',
  '',
  '```ts',
  ...Array.from({ length: 3 }, (_, block) => [
    `export async function* readEvents${block}(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {`,
    '  const reader = body.pipeThrough(new TextDecoderStream()).getReader();',
    "  let buffer = '';",
    '  for (;;) {',
    '    const { value, done } = await reader.read();',
    '    if (done) return;',
    '    buffer += value;',
    "    let end = buffer.indexOf('\\n\\n');",
    '    while (end !== -1) {',
    '      yield buffer.slice(0, end);',
    '      buffer = buffer.slice(end + 2);',
    "      end = buffer.indexOf('\\n\\n');",
    '    }',
    '  }',
    '}',
    '',
  ]).flat(),
  '```',
  '',
  'Each `yield` is one event block.',
].join('\n');

/** Markdown for the table scenario. */
export const table = [
  'Here is how the wire formats compare:',
  '',
  '| format | text event | tool arguments | end |',
  '|---|---|---|---|',
  '| chatwire | `text-delta` | `tool-call-delta` | `done` |',
  '| Anthropic | `content_block_delta` | `input_json_delta` | `message_stop` |',
  '| OpenAI Chat | `choices[].delta.content` | `tool_calls[].function.arguments` | `[DONE]` |',
  '| OpenAI Responses | `response.output_text.delta` | `response.function_call_arguments.delta` | `response.completed` |',
  '',
  'All four normalize into the same events.',
].join('\n');

/** CJK text (Chinese and Japanese) for wrapping and word buffering. */
export const cjk =
  '服务器发送事件（SSE）是一种让服务器通过 HTTP 连接向浏览器持续推送数据的技术。它使用简单的文本格式，每个事件由若干字段组成，并以空行结束。\n\n' +
  'サーバー送信イベントは、接続が切れても `Last-Event-ID` ヘッダーを使って途中から再開できます。日本語の文章も途切れずに表示されるはずです。';

/** A plain streamed markdown answer. */
export const plainAnswer =
  '**Server-Sent Events** keep one HTTP response open and write events into it as they happen.\n\n' +
  '- Each event is a few `field: value` lines and a blank line.\n' +
  '- The browser reconnects by itself and sends `Last-Event-ID`.\n' +
  '- It is one-way: the client talks back with ordinary requests.\n\n' +
  'That makes it a good fit for streaming a model answer token by token.';

/** Named scripts for the ChatWidget stories' `scenario` control. */
export const scenarios = {
  /** Status, then a markdown answer. */
  answer: (): MockStep[] => [
    { type: 'status', text: 'Reading your question...' },
    { pause: 300 },
    { type: 'text-delta', delta: plainAnswer },
  ],
  /** Reasoning, two tool calls that run for a while, then an answer with citations. */
  tools: (): MockStep[] => [
    { type: 'reasoning-delta', delta: 'The user wants recent facts. I will search, then open the best page.' },
    { type: 'status', text: 'Searching across 12 sources...' },
    { type: 'tool-call-start', toolCallId: 'call-1', name: 'search' },
    { type: 'tool-call-delta', toolCallId: 'call-1', argsDelta: '{"query":"server-sent' },
    { type: 'tool-call-delta', toolCallId: 'call-1', argsDelta: ' events resume","limit":3}' },
    { type: 'tool-call', toolCallId: 'call-1', name: 'search', args: { query: 'server-sent events resume', limit: 3 } },
    { type: 'tool-executing', toolCallId: 'call-1' },
    { pause: 900 },
    { type: 'tool-result', toolCallId: 'call-1', result: { hits: sources.slice(0, 2).map(({ id, title }) => ({ id, title })) } },
    { type: 'tool-call-start', toolCallId: 'call-2', name: 'open_page' },
    { type: 'tool-call-delta', toolCallId: 'call-2', argsDelta: '{"url":"https://html.spec.whatwg.org/"}' },
    { type: 'tool-call', toolCallId: 'call-2', name: 'open_page', args: { url: 'https://html.spec.whatwg.org/' } },
    { type: 'tool-executing', toolCallId: 'call-2' },
    { pause: 700 },
    { type: 'tool-result', toolCallId: 'call-2', result: 'Fetched 48 KB of HTML.' },
    { type: 'citations', citations: sources },
    { type: 'text-delta', delta: 'A dropped stream resumes with `Last-Event-ID` [1][2], as discussed in the sync [12:45, Sarah Johnson].' },
  ],
  /** A long code block. */
  code: (): MockStep[] => [{ type: 'text-delta', delta: longCode }],
  /** A GFM table. */
  table: (): MockStep[] => [{ type: 'text-delta', delta: table }],
  /** Chinese and Japanese text. */
  cjk: (): MockStep[] => [{ type: 'text-delta', delta: cjk }],
  /** Fails the first time (retryable), answers on Retry. */
  error: (_prompt: string, attempt: number): MockStep[] =>
    attempt === 1
      ? [
          { type: 'text-delta', delta: 'Let me look that up' },
          { type: 'error', message: 'The model is overloaded. Try again in a moment.', code: 'overloaded_error', retryable: true },
        ]
      : [{ type: 'text-delta', delta: 'Here it is, on the second try.' }],
  /** A Hebrew answer with Arabic and English words inside, after a tool call (right to left). */
  hebrew: (): MockStep[] => [
    { type: 'reasoning-delta', delta: 'המשתמש שואל על מזג האוויר. אבדוק.' },
    { type: 'tool-call-start', toolCallId: 'call-he', name: 'get_weather' },
    { type: 'tool-call-delta', toolCallId: 'call-he', argsDelta: '{"city":"ירושלים"}' },
    { type: 'tool-call', toolCallId: 'call-he', name: 'get_weather', args: { city: 'ירושלים' } },
    { type: 'tool-executing', toolCallId: 'call-he' },
    { pause: 400 },
    { type: 'tool-result', toolCallId: 'call-he', result: { city: 'ירושלים', celsius: 21 } },
    { type: 'text-delta', delta: '**בירושלים** עכשיו 21 מעלות ושמש.\n\n- בערבית: القدس مشمسة اليوم.\n- ב-API: `get_weather` החזיר תשובה תוך שנייה.' },
  ],
  /** A long answer, for Stop. */
  long: (): MockStep[] => [{ type: 'text-delta', delta: Array.from({ length: 12 }, () => plainAnswer).join('\n\n') }],
} as const;

/** A scenario name. */
export type ScenarioName = keyof typeof scenarios;
