import { useEffect, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { StreamingMarkdown } from '../src/markdown/react/StreamingMarkdown';
import { cjk, longCode, plainAnswer, sources, table } from './support/scripts';

const math =
  'Energy is $E = mc^2$; it costs $5 and $10, which stays text.\n\nThe sum:\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n\nAnd inline \\(a^2 + b^2 = c^2\\) too.\n';
const footnotes = 'Streams resume by id[^spec], and tabs share one stream[^tabs].\n\nMore text in between.\n\n[^spec]: The SSE spec, `Last-Event-ID`.\n[^tabs]: One leader per conversation.\n';
const diagram = 'The flow:\n\n```mermaid\ngraph LR\n  Client-->Server\n  Server-->Model\n```\n\nDone.\n';
const image = 'A picture: ![A gray square](data:image/gif;base64,R0lGODlhAQABAIAAAICAgP///yH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==) and a blocked one ![blocked alt](javascript:alert(1)).\n';
const documents = {
  answer: plainAnswer,
  code: longCode,
  table,
  cjk,
  citations: 'Resume uses `Last-Event-ID` [1], defined by the spec [2].',
  math,
  footnotes,
  diagram,
  image,
};
const markdownParts = { loadMermaid: () => import('mermaid') };

interface GrowingArgs {
  /** Which markdown streams in. */
  document: keyof typeof documents;
  /** Milliseconds between two chunks. */
  delayMs: number;
  /** Characters per chunk. */
  chunkSize: number;
}

/** StreamingMarkdown fed by a timer, as tokens would arrive. */
function Growing({ document, delayMs, chunkSize }: GrowingArgs) {
  const full = documents[document];
  const [length, setLength] = useState(0);
  useEffect(() => {
    setLength(0);
    const id = setInterval(() => setLength((n) => (n >= full.length ? n : n + chunkSize)), delayMs);
    return () => clearInterval(id);
  }, [full, delayMs, chunkSize]);
  const streaming = length < full.length;
  return (
    <div style={{ maxWidth: 760 }} data-testid="growing" data-streaming={streaming}>
      <StreamingMarkdown streaming={streaming} citations={sources} components={markdownParts}>
        {full.slice(0, length)}
      </StreamingMarkdown>
    </div>
  );
}

const meta = {
  title: 'Parts/StreamingMarkdown',
  component: Growing,
  args: { document: 'answer', delayMs: 20, chunkSize: 5 },
  argTypes: {
    document: { control: 'select', options: Object.keys(documents) },
    delayMs: { control: { type: 'range', min: 0, max: 300, step: 5 } },
    chunkSize: { control: { type: 'range', min: 1, max: 64, step: 1 } },
  },
} satisfies Meta<typeof Growing>;
export default meta;
type Story = StoryObj<typeof meta>;

const finished = async (canvasElement: HTMLElement): Promise<void> => {
  await waitFor(() => expect(canvasElement.querySelector('.cw-markdown')).toHaveAttribute('data-state', 'done'), { timeout: 15_000 });
};

/** Markdown growing chunk by chunk; the cursor goes once it is done. */
export const Answer: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('.cw-cursor')).not.toBeNull(), { timeout: 5000 });
    await finished(canvasElement);
    await expect(canvasElement.querySelector('.cw-cursor')).toBeNull();
    await expect(canvasElement.querySelectorAll('.cw-markdown li')).toHaveLength(3);
  },
};

/** A long code block, highlighted once the fence closes. */
export const LongCode: Story = {
  args: { document: 'code', chunkSize: 40, delayMs: 5 },
  play: async ({ canvasElement }) => {
    await finished(canvasElement);
    await waitFor(() => expect(canvasElement.querySelector('.cw-code-block')).toHaveAttribute('data-state', 'highlighted'), {
      timeout: 15_000,
    });
  },
};

/** A table, shown once its header row is complete. */
export const Table: Story = { args: { document: 'table', chunkSize: 8 } };

/** CJK text. */
export const CJK: Story = { args: { document: 'cjk', chunkSize: 2 } };

/** Citation markers becoming badges. */
export const Citations: Story = {
  args: { document: 'citations', chunkSize: 3 },
  play: async ({ canvasElement }) => {
    await finished(canvasElement);
    await expect(canvasElement.querySelectorAll('.cw-citation')).toHaveLength(2);
  },
};

/** Inline and display math (KaTeX, MathML); `$5 and $10` stays text. Never a raw `$$` while streaming. */
export const MathFormulas: Story = {
  args: { document: 'math', chunkSize: 4 },
  play: async ({ canvasElement }) => {
    await finished(canvasElement);
    await waitFor(() => expect(canvasElement.querySelectorAll('.cw-math math')).toHaveLength(3), { timeout: 15_000 });
    await expect(canvasElement.textContent).toContain('costs $5 and $10');
  },
};

/** Footnote references link to definitions that come blocks later; the section renders at the end. */
export const Footnotes: Story = {
  args: { document: 'footnotes', chunkSize: 4 },
  play: async ({ canvasElement }) => {
    await finished(canvasElement);
    await waitFor(() => expect(canvasElement.querySelectorAll('section.cw-footnotes li')).toHaveLength(2), { timeout: 15_000 });
    await expect(canvasElement.textContent).not.toContain('[^');
  },
};

/** A mermaid block streams as code, then becomes a diagram (the app passes `loadMermaid`). */
export const Diagram: Story = {
  args: { document: 'diagram', chunkSize: 6 },
  play: async ({ canvasElement }) => {
    await finished(canvasElement);
    await waitFor(() => expect(canvasElement.querySelector('.cw-mermaid svg')).not.toBeNull(), { timeout: 20_000 });
  },
};

/** Images: a URL outside the allowed protocols (here `data:` and `javascript:`) shows its alt text instead. */
export const Images: Story = {
  args: { document: 'image', chunkSize: 8 },
  play: async ({ canvasElement }) => {
    await finished(canvasElement);
    await expect(canvasElement.querySelectorAll('.cw-image-blocked')).toHaveLength(2);
  },
};
