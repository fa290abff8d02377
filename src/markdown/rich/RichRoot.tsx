'use client';
import { useEffect, useId, useMemo, useReducer } from 'react';
import type { RichRootProps } from '../react/RichMarkdown';
import { FootnoteContext, type Footnotes } from './FootnoteContext';
import { mathAt } from './mathAt';
import { katexLoaded, loadKatex } from './renderMath';
import { rewriteRichSource } from './rewriteRichSource';

const HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
} as const;
const REFERENCE = /\[\^([^\]\s]+)\]/g;

/**
 * Renders the blocks of a `StreamingMarkdown` once the rich chunk is loaded:
 * - each block (and the tail) through {@link rewriteRichSource}: footnote definitions out,
 *   `$$` blocks as math fences;
 * - footnote references numbered in order of first appearance in the whole text, linked
 *   once their definition has arrived, whichever block it is in; then the footnotes
 *   section: `section.cw-footnotes` with a visually hidden heading (the `footnotes` label) and one `li` per
 *   definition in number order, each with a back-link (`a.cw-footnote-backref`) to its
 *   first reference;
 * - while KaTeX loads (its own chunk, started by the first text with math), the blocks up
 *   to the first one with math, that one up to its first math marker, held back.
 */
export function RichRoot({ blocks, tail, render, block, prepare, labels }: RichRootProps) {
  const prefix = `cw${useId().replace(/[^\w-]/g, '')}-`;
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const all = [...blocks, tail];
  const math = !katexLoaded() && all.some((source) => mathAt(source) >= 0);
  useEffect(() => {
    if (!math) return;
    let live = true;
    loadKatex().then(
      () => live && rerender(),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [math]);

  let shownBlocks = blocks;
  let shownTail = tail;
  if (math) {
    const held = all.findIndex((source) => mathAt(source) >= 0);
    const cut = all[held] as string;
    shownBlocks = blocks.slice(0, held);
    shownTail = held < blocks.length ? prepare(cut.slice(0, mathAt(cut)), { openFence: false }) : tail;
  }
  const rewritten = shownBlocks.map((source) => rewriteRichSource(source));
  const rewrittenTail = rewriteRichSource(shownTail);
  const definitions = [...rewritten, rewrittenTail].flatMap((source) => source.definitions);
  const text = rewritten.map((source) => source.source).join('\n') + rewrittenTail.source;
  const key = text.includes('[^') || definitions.length > 0 ? text + JSON.stringify(definitions) : '';
  const footnotes = useMemo<Footnotes | null>(() => {
    if (!key) return null;
    const numbers = new Map<string, number>();
    for (const found of text.matchAll(REFERENCE)) {
      const label = (found[1] as string).toLowerCase();
      if (!numbers.has(label)) numbers.set(label, numbers.size + 1);
    }
    const defined = new Set<string>();
    for (const [label] of definitions) {
      defined.add(label);
      if (!numbers.has(label)) numbers.set(label, numbers.size + 1);
    }
    return { numbers, defined, prefix };
    // `key` stands for the text and the definitions.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, prefix]);
  const first = new Map<string, string>();
  for (const [label, source] of definitions) if (!first.has(label)) first.set(label, source);
  const listed = footnotes ? [...first].sort(([a], [b]) => (footnotes.numbers.get(a) ?? 0) - (footnotes.numbers.get(b) ?? 0)) : [];
  return (
    <FootnoteContext.Provider value={footnotes}>
      {render(
        rewritten.map((source) => source.source),
        rewrittenTail.source,
      )}
      {footnotes && listed.length > 0 ? (
        <section className="cw-footnotes" data-footnotes="" aria-labelledby={`${prefix}footnotes`}>
          <h2 id={`${prefix}footnotes`} style={HIDDEN}>
            {labels.footnotes}
          </h2>
          <ol>
            {listed.map(([label, source]) => {
              const number = footnotes.numbers.get(label) ?? 0;
              return (
                <li key={label} id={`${prefix}fn-${label}`} value={number}>
                  {block(source, `fn-${label}`)}
                  <a href={`#${prefix}fnref-${label}`} className="cw-footnote-backref" data-footnote-backref="" aria-label={labels.backToReference(number)}>
                    ↩
                  </a>
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </FootnoteContext.Provider>
  );
}
