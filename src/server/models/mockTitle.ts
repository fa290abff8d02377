import { pickScenario, type MockScenario } from './mockScript';

const LABELS: Record<MockScenario, string> = {
  research: 'Research',
  weather: 'Weather',
  table: 'Comparison',
  code: 'Code',
  math: 'Math',
  long: 'Long read',
  quick: 'Quick chat',
  error: 'Error test',
  broken: 'Broken tool',
  email: 'Email',
  time: 'Local time',
};

/**
 * The mock model's title for a first prompt: the scenario it picks, then the prompt's first
 * five words (`'Weather: What is the weather in'`), after `delayMs` (abortable), so the
 * prompt's own title shows first and the improved one replaces it.
 *
 * @example
 * ```ts
 * await mockTitle('hello there', 0, new AbortController().signal); // 'Quick chat: hello there'
 * ```
 */
export async function mockTitle(prompt: string, delayMs: number, signal: AbortSignal): Promise<string> {
  if (delayMs > 0) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, delayMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('title aborted'));
      }, { once: true });
    });
  }
  const words = prompt.trim().split(/\s+/).filter(Boolean).slice(0, 5).join(' ');
  return `${LABELS[pickScenario(prompt)]}: ${words}`;
}
