import type { Citation } from '../../src/core/events';
import { createRandom } from '../../src/server/models/createRandom';

/** Seeds of the benchmark's answer and of its token cuts. */
export const ANSWER_SEED = 20_251_122;
export const ANSWER_CHARS = 25_000;
export const TOKEN_SEED = 42;

/** The generated answer: its markdown and the sources its `[n]` markers refer to. */
export interface BenchAnswer {
  text: string;
  citations: Citation[];
}

const words = (
  'revenue pipeline churn cohort retention margin forecast segment quarter region customer ' +
  'contract renewal pricing discount onboarding latency throughput incident rollout budget ' +
  'headcount roadmap backlog adoption signal metric dashboard survey feedback review'
).split(' ');
const speakers = ['Sarah Johnson', 'Marcus Lee', 'Priya Natarajan', 'Tom Becker'];
const languages = ['ts', 'python', 'bash', 'json'];
const SOURCES = 12;

/**
 * A ~`targetChars` markdown answer of the kind a model writes: headings, paragraphs with
 * inline syntax, bullet and ordered lists, fenced code (four languages), tables, quotes,
 * citations in both forms (`[12:45, Sarah Johnson]` and `[3]`), and a closing sources list.
 *
 * @example const { text, citations } = makeAnswer(25_000, 7);
 */
export function makeAnswer(targetChars: number, seed: number): BenchAnswer {
  const random = createRandom(seed).next;
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const citations: Citation[] = Array.from({ length: SOURCES }, (_, i) => ({
    id: String(i + 1),
    title: `Internal report ${i + 1}: ${pick(words)} ${pick(words)}`,
    url: `https://example.com/reports/${i + 1}`,
  }));
  const numeric = () => `[${int(1, SOURCES)}]`;
  const stamp = () => `[${int(0, 59)}:${String(int(0, 59)).padStart(2, '0')}, ${pick(speakers)}]`;
  const sentence = () => {
    const parts = Array.from({ length: int(6, 14) }, () => pick(words));
    const at = int(0, parts.length - 1);
    const style = int(0, 5);
    if (style === 0) parts[at] = `**${parts[at]}**`;
    else if (style === 1) parts[at] = `_${parts[at]}_`;
    else if (style === 2) parts[at] = `\`${parts[at]}_id\``;
    else if (style === 3) parts[at] = `[${parts[at]}](https://example.com/${parts[at]})`;
    const text = parts.join(' ');
    const cite = int(0, 2);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${cite === 0 ? ` ${numeric()}` : cite === 1 ? ` ${stamp()}` : ''}.`;
  };
  const paragraph = () => Array.from({ length: int(2, 5) }, sentence).join(' ');
  const code = (language: string) => {
    const lines = Array.from({ length: int(5, 12) }, (_, i) => {
      if (language === 'python') return `${i === 0 ? 'def' : '   '} ${pick(words)}_${i}(x): return x * ${i}`;
      if (language === 'bash') return `curl -s https://example.com/${pick(words)}/${i} | jq '.${pick(words)}'`;
      if (language === 'json') return `  "${pick(words)}_${i}": ${int(1, 999)},`;
      return `const ${pick(words)}${i}: number = compute('${pick(words)}', ${i});`;
    });
    return `\`\`\`${language}\n${lines.join('\n')}\n\`\`\``;
  };
  const table = () => {
    const rows = Array.from({ length: int(4, 7) }, () => `| ${pick(words)} | ${int(10, 999)} | ${int(-9, 30)}% | ${pick(words)} ${numeric()} |`);
    return `| Segment | Count | Change | Note |\n|---|---:|---:|---|\n${rows.join('\n')}`;
  };
  const list = (ordered: boolean) =>
    Array.from({ length: int(3, 6) }, (_, i) => `${ordered ? `${i + 1}.` : '-'} ${sentence()}`).join('\n');

  const blocks: string[] = [];
  let length = 0;
  const push = (block: string) => {
    blocks.push(block);
    length += block.length + 2;
  };
  for (let section = 1; length < targetChars - 800; section += 1) {
    push(`## ${section}. ${pick(words)} and ${pick(words)}`);
    push(paragraph());
    const kinds = ['list', 'ordered', 'code', 'table', 'quote', 'paragraph'];
    for (let i = 0; i < 3; i += 1) {
      const kind = pick(kinds);
      if (kind === 'list') push(list(false));
      else if (kind === 'ordered') push(list(true));
      else if (kind === 'code') push(code(pick(languages)));
      else if (kind === 'table') push(table());
      else if (kind === 'quote') push(`> ${sentence()} ${stamp()}`);
      else push(paragraph());
    }
  }
  push('### Sources');
  push(citations.map((c) => `${c.id}. [${c.title}](${c.url})`).join('\n'));
  return { text: `${blocks.join('\n\n')}\n`, citations };
}

/**
 * Cuts `text` into tokens of 1-6 characters (deterministic), the way a model streams.
 *
 * @example tokenize('Hello world', 1) // ['Hel', 'lo w', 'orld']
 */
export function tokenize(text: string, seed: number): string[] {
  const random = createRandom(seed).next;
  const tokens: string[] = [];
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(random() * 6);
    tokens.push(text.slice(at, at + size));
    at += size;
  }
  return tokens;
}
