import type { ToolDefinition } from '../types';
import { hashString } from './hashString';

/** Options of {@link createDemoTools}. */
export interface DemoToolsOptions {
  /** How long each tool takes before it answers, in ms. Default `0`. */
  delayMs?: number;
}

/**
 * The mock model's demo tools, each with a deterministic `execute`:
 * - `search_transcripts({ query })` -> `{ conversations: 12, matches: [{ timestamp, speaker, quote }] }`
 * - `get_weather({ city })` -> `{ city, tempC, condition, humidity }`; throws for a city it does
 *   not know (`"Atlantis"`), which the handler reports as a `tool-result` with `isError`.
 * - `lookup_sources({ topic })` -> `{ sources: [{ id, title, url }] }`
 * - `send_email({ to, subject, body })` -> `{ sent: true, to, messageId }`; needs approval
 *   (`needsApproval: true`): it runs only once a person approves it.
 *
 * @example
 * ```ts
 * const handler = createChatHandler({ model: createMockModel(), tools: createDemoTools({ delayMs: 300 }) });
 * ```
 */
export function createDemoTools(options: DemoToolsOptions = {}): ToolDefinition[] {
  const delayMs = options.delayMs ?? 0;
  return [
    {
      name: 'search_transcripts',
      description: 'Searches meeting transcripts for quotes about a topic.',
      parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
      execute: async (args, { signal }) => {
        await sleep(delayMs, signal);
        const query = stringArg(args, 'query', 'search_transcripts');
        const h = hashString(query);
        const speakers = ['Sarah Johnson', 'Marcus Lee', 'Priya Patel', 'Tom Becker'];
        return {
          conversations: 12,
          matches: [0, 1, 2].map((i) => ({
            timestamp: `${10 + ((h >>> (i * 3)) % 8)}:${String((h >>> (i * 5)) % 60).padStart(2, '0')}`,
            speaker: speakers[(h + i) % speakers.length],
            quote: `${['We should', 'I think we need to', 'Let us'][i]} revisit ${query} before the next release.`,
          })),
        };
      },
    },
    {
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      execute: async (args, { signal }) => {
        await sleep(delayMs, signal);
        const city = stringArg(args, 'city', 'get_weather');
        if (city.toLowerCase() === 'atlantis') {
          throw new Error(`get_weather: no weather station for "${city}". Try a real city such as "Berlin".`);
        }
        const h = hashString(city.toLowerCase());
        const conditions = ['sunny', 'cloudy', 'light rain', 'windy', 'overcast'];
        return { city, tempC: (h % 30) - 2, condition: conditions[h % conditions.length], humidity: 40 + (h % 50) };
      },
    },
    {
      name: 'lookup_sources',
      description: 'Finds reference documents about a topic.',
      parameters: { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] },
      execute: async (args, { signal }) => {
        await sleep(delayMs, signal);
        const topic = stringArg(args, 'topic', 'lookup_sources');
        const slug = topic.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'topic';
        return {
          sources: [
            { id: '1', title: `Design notes: ${topic}`, url: `https://docs.example.com/${slug}/design` },
            { id: '2', title: `Q3 review of ${topic}`, url: `https://docs.example.com/${slug}/review` },
          ],
        };
      },
    },
    {
      name: 'send_email',
      description: 'Sends an email (a demo: nothing leaves the server). Runs only once the user approves it.',
      parameters: {
        type: 'object',
        properties: { to: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' } },
        required: ['to'],
      },
      needsApproval: true,
      execute: async (args, { signal }) => {
        await sleep(delayMs, signal);
        const to = stringArg(args, 'to', 'send_email');
        return { sent: true, to, messageId: `msg-${(hashString(JSON.stringify(args)) % 1_000_000).toString(36)}` };
      },
    },
  ];
}

function stringArg(args: unknown, key: string, tool: string): string {
  const value = typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string') {
    throw new Error(`${tool}: argument "${key}" must be a string, received ${JSON.stringify(args)}.`);
  }
  return value;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
