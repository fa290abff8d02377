'use client';
import { useContext } from 'react';
import { StreamingMarkdownContext } from './StreamingMarkdownContext';

/**
 * A top-level block longer than this many characters is not parsed as markdown: parsing
 * (micromark + GFM) and rendering grow faster than the text, and a 1 MB line or a
 * 5,000-row table would block the page for seconds to a minute. It is shown as text
 * (a fenced block as plain code) instead. Default 20,000.
 */
export const MAX_MARKDOWN_BLOCK_CHARS = 20_000;

/** Fenced code longer than this many characters is shown plain, not highlighted. */
export const MAX_HIGHLIGHT_CHARS = 100_000;

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})([^\n]*)\n/;

/** Props of {@link OversizedBlock}. */
export interface OversizedBlockProps {
  /** The block's markdown, longer than {@link MAX_MARKDOWN_BLOCK_CHARS}. */
  source: string;
  /** Show the cursor at its end. */
  cursor: boolean;
  /** The block ends inside an open code fence. */
  openFence: boolean;
}

/**
 * A block too long to parse as markdown, in linear time: a fenced code block goes to the
 * `CodeBlock` part (highlighted up to {@link MAX_HIGHLIGHT_CHARS}); anything else is its
 * source as text with line breaks kept (`div.cw-oversized-block`, `data-oversized`).
 * Nothing in it is interpreted, so it is as safe as any text.
 *
 * @example <OversizedBlock source={hugeTable} cursor={false} openFence={false} />
 */
export function OversizedBlock({ source, cursor, openFence }: OversizedBlockProps) {
  const context = useContext(StreamingMarkdownContext);
  const Cursor = context?.Cursor;
  const fence = FENCE_OPEN.exec(source);
  if (fence && context) {
    const marker = fence[1] ?? '```';
    const body = source.slice(fence[0].length);
    const closing = new RegExp(`(^|\\n) {0,3}${marker.charAt(0) === '`' ? '`' : '~'}{${marker.length},}[ \\t]*\\n*$`);
    const code = openFence ? body : body.replace(closing, '$1');
    const language = (fence[2] ?? '').trim().split(/\s+/)[0] || undefined;
    return (
      <context.CodeBlock
        code={code}
        language={code.length <= MAX_HIGHLIGHT_CHARS ? language : undefined}
        streaming={openFence}
        cursor={cursor && Cursor ? <Cursor /> : undefined}
      />
    );
  }
  return (
    <div className="cw-oversized-block" data-oversized="true" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {source}
      {cursor && Cursor ? <Cursor /> : null}
    </div>
  );
}
