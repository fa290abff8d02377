import type { Citation } from '../../core/events';
import type { ChatMessage } from '../../core/session/types';
import { createRandom } from './createRandom';
import { hashString } from './hashString';
import { joinText } from '../../core/session/joinText';

/** One beat of a mock answer, turned into ChatEvents by the mock model. */
export type MockBeat =
  | { kind: 'status'; text: string }
  | { kind: 'reasoning'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'citations'; citations: Citation[] }
  | { kind: 'tool-calls'; calls: Array<{ name: string; args: Record<string, unknown> }> }
  | { kind: 'error'; message: string; code: string; status: number };

/** The mock's scenarios, chosen by the first keyword found in the prompt (case-insensitive). */
export type MockScenario = 'email' | 'time' | 'error' | 'broken' | 'weather' | 'table' | 'code' | 'math' | 'long' | 'quick' | 'research';

const KEYWORDS: Array<[RegExp, MockScenario]> = [
  [/\be-?mail\b/i, 'email'],
  [/\b(?:what time|local time)\b/i, 'time'],
  [/\berror\b/i, 'error'],
  [/\bbroken\b/i, 'broken'],
  [/\bweather\b/i, 'weather'],
  [/\btable\b/i, 'table'],
  [/\bcode\b/i, 'code'],
  [/\b(?:math|formula|diagram)\b/i, 'math'],
  [/\blong\b/i, 'long'],
  [/\b(quick|hello|hi)\b/i, 'quick'],
];

/**
 * The scenario a prompt selects (first keyword found, case-insensitive); `research` when
 * no keyword matches.
 *
 * @example
 * ```ts
 * pickScenario('What is the weather in Paris?'); // 'weather'
 * ```
 */
export function pickScenario(prompt: string): MockScenario {
  return KEYWORDS.find(([re]) => re.test(prompt))?.[1] ?? 'research';
}

/** The `math` scenario's answer: inline and display math, a mermaid diagram, footnotes (docs/rendering.md). */
const MATH_ANSWER = [
  'The area of a circle is $A = \\pi r^2$, so doubling the radius costs $4\\times$ the paint (about $5 a can, or $20)[^area].\n\n',
  'Summing the first $n$ integers:\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n\n',
  'and the roots of \\(ax^2 + bx + c = 0\\) are \\[x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}\\][^roots]\n\n',
  'How an answer reaches you:\n\n```mermaid\ngraph LR\n  Model-->Server\n  Server-->|SSE|Browser\n```\n\n',
  '[^area]: Euclid, *Elements*, Book XII.\n[^roots]: The quadratic formula.\n',
].join('');

/** A tool call of this turn with its outcome, as the handler put it in the request. */
export interface ToolOutcome {
  name: string;
  args: unknown;
  result: unknown;
  isError: boolean;
}

/** The text of the last user message and the tool outcomes written after it. */
export function readTurn(messages: ChatMessage[]): { prompt: string; outcomes: ToolOutcome[] } {
  let lastUser = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  const prompt = joinText(messages[lastUser]?.parts ?? []);
  const outcomes: ToolOutcome[] = [];
  for (const m of messages.slice(lastUser + 1)) {
    for (const p of m.parts) {
      if (p.type === 'tool-call' && (p.state === 'result' || p.state === 'error' || p.state === 'denied')) {
        outcomes.push({ name: p.name, args: p.args, result: p.result, isError: p.state !== 'result' || !!p.isError });
      }
    }
  }
  return { prompt, outcomes };
}

/**
 * The beats of the mock's answer to `prompt`. Deterministic: the seed is a hash of the
 * prompt. Scenarios with tools answer in two calls: first the tool calls, then (once
 * `outcomes` holds their results) an answer that uses them.
 */
export function writeMockScript(prompt: string, outcomes: ToolOutcome[]): MockBeat[] {
  const rnd = createRandom(hashString(prompt));
  const pick = <T>(items: readonly T[]): T => items[rnd.int(0, items.length - 1)] as T;
  const topic = topicOf(prompt);
  const scenario = pickScenario(prompt);
  const thinking = (text: string): MockBeat => ({ kind: 'reasoning', text });

  switch (scenario) {
    case 'email': {
      const to = recipientOf(prompt);
      const sent = outcomes.find((o) => o.name === 'send_email');
      if (!sent) {
        const about = subjectOf(prompt) ?? topic;
        return [
          { kind: 'status', text: `Drafting an email to ${to}...` },
          { kind: 'tool-calls', calls: [{ name: 'send_email', args: { to, subject: `About ${about}`, body: `Hello,\n\nA note about ${about}.\n\nBest regards` } }] },
        ];
      }
      if (!sent.isError) return [{ kind: 'text', text: `Email sent to ${to}.` }];
      const why = (sent.result as { message?: unknown } | null)?.message;
      return [{ kind: 'text', text: `I did not send the email to ${to}.${typeof why === 'string' ? ` (${why})` : ''}` }];
    }
    case 'time': {
      const read = outcomes.find((o) => o.name === 'get_local_time');
      if (!read) return [{ kind: 'tool-calls', calls: [{ name: 'get_local_time', args: {} }] }];
      if (read.isError) {
        const why = (read.result as { message?: unknown } | null)?.message;
        return [{ kind: 'text', text: `I could not read your clock${typeof why === 'string' ? `: ${why}` : '.'}` }];
      }
      const { time, zone } = (read.result ?? {}) as { time?: unknown; zone?: unknown };
      return [{ kind: 'text', text: `Your browser says it is ${String(time)}${typeof zone === 'string' ? ` (${zone})` : ''}.` }];
    }
    case 'quick':
      return [{ kind: 'text', text: `${pick(['Hello!', 'Hi there!', 'Hey!'])} I am the chatwire mock model. Ask me about **${topic}**, the weather, a table, some code, or something long.` }];
    case 'error':
      return [
        { kind: 'text', text: `Let me look into ${topic}. ` },
        { kind: 'error', code: 'overloaded_error', status: 529, message: 'The model is overloaded (mock "error" scenario). Try again in a few seconds.' },
      ];
    case 'table':
      return [thinking(`A comparison table answers "${topic}" best.`), { kind: 'text', text: tableAnswer(topic, pick) }];
    case 'code':
      return [thinking('A short, complete example is clearer than prose.'), { kind: 'text', text: codeAnswer(topic, /python/i.test(prompt)) }];
    case 'math':
      return [thinking('A formula, a diagram and sources say it best.'), { kind: 'text', text: MATH_ANSWER }];
    case 'long':
      return [
        { kind: 'status', text: 'Drafting a detailed answer...' },
        { kind: 'text', text: longAnswer(topic, pick) },
      ];
    case 'weather':
    case 'broken': {
      const cities = scenario === 'broken' ? ['Atlantis', 'Berlin'] : citiesOf(prompt, pick);
      if (outcomes.length === 0) {
        return [
          { kind: 'status', text: `Checking the weather in ${cities.join(' and ')}...` },
          thinking(`I need current conditions for ${cities.join(' and ')}; both lookups can run at once.`),
          { kind: 'tool-calls', calls: cities.map((city) => ({ name: 'get_weather', args: { city } })) },
        ];
      }
      return [{ kind: 'text', text: weatherAnswer(outcomes) }];
    }
    case 'research': {
      if (outcomes.length === 0) {
        return [
          { kind: 'status', text: 'Searching across 12 conversations...' },
          thinking(`The question is about ${topic}. I will search the transcripts and the reference documents, then summarize with citations.`),
          { kind: 'tool-calls', calls: [{ name: 'search_transcripts', args: { query: topic } }, { name: 'lookup_sources', args: { topic } }] },
        ];
      }
      return researchAnswer(topic, outcomes, pick);
    }
  }
}

function topicOf(prompt: string): string {
  const words = prompt.replace(/[^\p{L}\p{N}\s'-]/gu, ' ').split(/\s+/).filter(Boolean);
  return words.slice(0, 8).join(' ') || 'your question';
}

/** Words after "to" that are no one's name ("to the team", "to my boss"). */
const NOT_A_NAME = new Set(['to', 'about', 'the', 'my', 'our', 'your', 'his', 'her', 'their', 'a', 'an', 'all', 'everyone', 'me', 'us', 'him', 'them', 'it', 'this', 'that', 'say', 'tell', 'ask']);

/** The address in the prompt, else `<name>@example.com` for "to <name>" or "email <name>", else `team@example.com`. */
function recipientOf(prompt: string): string {
  const address = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(prompt)?.[0];
  if (address) return address;
  const names = [...prompt.matchAll(/\b(?:to|e-?mail)\s+(?=([A-Za-z][a-z]+)\b)/g)].map((m) => (m[1] as string).toLowerCase());
  const name = names.find((word) => !NOT_A_NAME.has(word));
  return name ? `${name}@example.com` : 'team@example.com';
}

/** What the email is about: the words after "about" ("... about the invoice" gives "the invoice"), if any. */
function subjectOf(prompt: string): string | undefined {
  return /\babout\s+(.+?)[\s.!?]*$/i.exec(prompt)?.[1]?.slice(0, 80);
}

function citiesOf(prompt: string, pick: <T>(items: readonly T[]) => T): string[] {
  const named = [...prompt.matchAll(/\b(?:in|and|for)\s+([A-Z][a-zA-Z]+)/g)].map((m) => m[1] as string);
  if (named.length >= 2) return named.slice(0, 2);
  const pool = ['Berlin', 'Lisbon', 'Tokyo', 'Toronto', 'Nairobi', 'Sydney'];
  const first = named[0] ?? pick(pool);
  return [first, pick(pool.filter((c) => c !== first))];
}

interface Match {
  timestamp: string;
  speaker: string;
  quote: string;
}

function researchAnswer(topic: string, outcomes: ToolOutcome[], pick: <T>(items: readonly T[]) => T): MockBeat[] {
  const search = outcomes.find((o) => o.name === 'search_transcripts' && !o.isError)?.result as { matches?: Match[] } | undefined;
  const docs = outcomes.find((o) => o.name === 'lookup_sources' && !o.isError)?.result as { sources?: Citation[] } | undefined;
  const matches = search?.matches ?? [];
  const sources = docs?.sources ?? [];
  const cite = (m: Match | undefined): string => (m ? ` [${m.timestamp}, ${m.speaker}]` : '');
  const [a, b, c] = matches;
  const text = [
    `## ${capitalize(topic)}: what the team said\n\n`,
    `${pick(['In short,', 'Overall,', 'To sum up,'])} the team wants to revisit **${topic}** before the next release. `,
    a ? `${a.speaker} said "${a.quote}"${cite(a)}. ` : '',
    b ? `${b.speaker} agreed${cite(b)}, and ${c?.speaker ?? 'others'} asked for a clear owner${cite(c)}.\n\n` : '\n\n',
    '### Key points\n\n',
    `1. The current approach to ${topic} does not scale past the pilot.\n`,
    `2. The design notes describe the target architecture [1].\n`,
    `3. The quarterly review flagged it as a risk [2].\n\n`,
    '| Speaker | Time | Position |\n|---|---|---|\n',
    ...matches.map((m) => `| ${m.speaker} | ${m.timestamp} | ${m.quote.split(' ').slice(0, 4).join(' ')}... |\n`),
    '\nA first step could look like this:\n\n',
    '```ts\n',
    `const plan = {\n  topic: ${JSON.stringify(topic)},\n  owner: ${JSON.stringify(a?.speaker ?? 'TBD')},\n  reviewBy: '2026-12-01',\n};\n`,
    '```\n\n',
    `- Agree on an owner this week\n- Read the design notes [1] and the review [2]\n`,
  ].join('');
  const transcript: Citation[] = matches.map((m) => ({
    id: `${m.timestamp}, ${m.speaker}`,
    timestamp: m.timestamp,
    speaker: m.speaker,
    snippet: m.quote,
  }));
  return [
    { kind: 'status', text: `Reading ${matches.length} matching excerpts...` },
    { kind: 'citations', citations: [...sources, ...transcript] },
    { kind: 'text', text },
  ];
}

function weatherAnswer(outcomes: ToolOutcome[]): string {
  const rows: string[] = [];
  const notes: string[] = [];
  for (const o of outcomes) {
    const city = (o.args as { city?: string } | undefined)?.city ?? 'unknown';
    if (o.isError) {
      notes.push(`I could not get the weather for **${city}**: ${errorText(o.result)}`);
      continue;
    }
    const r = o.result as { tempC: number; condition: string; humidity: number };
    rows.push(`| ${city} | ${r.tempC} °C | ${r.condition} | ${r.humidity}% |`);
  }
  const table = rows.length ? `| City | Temperature | Conditions | Humidity |\n|---|---|---|---|\n${rows.join('\n')}\n\n` : '';
  return `## Current weather\n\n${table}${notes.map((n) => `> ${n}\n`).join('')}${rows.length > 1 ? '\nBoth lookups ran in parallel.\n' : ''}`;
}

function errorText(result: unknown): string {
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object' && 'message' in result) return String((result as { message: unknown }).message);
  return JSON.stringify(result);
}

function tableAnswer(topic: string, pick: <T>(items: readonly T[]) => T): string {
  const options = ['Option A', 'Option B', 'Option C', 'Option D', 'Option E'];
  const rows = options.map((o) => `| ${o} | ${pick(['low', 'medium', 'high'])} | ${pick(['1 week', '2 weeks', '1 month'])} | ${pick(['yes', 'no', 'partly'])} |`);
  return `## Comparing approaches to ${topic}\n\n| Approach | Cost | Time | Scales |\n|---|---|---|---|\n${rows.join('\n')}\n\nThe cheapest option that scales is usually the right start.\n`;
}

function codeAnswer(topic: string, python: boolean): string {
  const code = python
    ? `\`\`\`python\ndef summarize(items: list[str]) -> str:\n    """Summarize ${topic}."""\n    return ", ".join(sorted(set(items)))\n\n\nprint(summarize(["b", "a", "b"]))\n\`\`\`\n`
    : `\`\`\`ts\nexport function summarize(items: string[]): string {\n  // ${topic}\n  return [...new Set(items)].sort().join(', ');\n}\n\nconsole.log(summarize(['b', 'a', 'b']));\n\`\`\`\n`;
  return `## Example\n\nHere is a small, complete example:\n\n${code}\nIt removes duplicates, sorts, and joins the result.\n`;
}

function longAnswer(topic: string, pick: <T>(items: readonly T[]) => T): string {
  const parts: string[] = [`# A long answer about ${topic}\n\n`];
  for (let i = 1; i <= 12; i++) {
    parts.push(`## Part ${i}\n\n`);
    parts.push(
      `${pick(['First,', 'Next,', 'Then,', 'Also,', 'Finally,'])} consider how ${topic} behaves under ${pick(['load', 'change', 'failure', 'growth'])}. ` +
        `The ${pick(['simplest', 'safest', 'fastest'])} path is to measure first, then change one thing at a time, and to write down what was learned so the next person finds it. ` +
        `Teams that skip this step ${pick(['repeat', 'rediscover', 'pay for'])} the same mistakes.\n\n`,
    );
    if (i % 4 === 0) parts.push(`- measure\n- change one thing\n- write it down\n\n`);
  }
  parts.push('```python\nfor step in ["measure", "change", "record"]:\n    print(step)\n```\n');
  return parts.join('');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
