'use client';
import { useMemo, type ComponentType } from 'react';
import type { Components, PluggableList, UrlTransform } from './markdownTypes';
import type { Citation } from '../../core/events';
import { GLOBAL_TIMERS, type Timers } from '../../core/Timers';
import type { CitationPattern } from '../engine/CitationPattern';
import { defaultCitationPatterns } from '../engine/defaultCitationPatterns';
import { prepareTail } from '../engine/prepareTail';
import { CitationBadge as DefaultCitationBadge, type CitationBadgeProps } from './CitationBadge';
import { CodeBlock as DefaultCodeBlock, type CodeBlockProps } from './CodeBlock';
import { Cursor as DefaultCursor, type CursorProps } from './Cursor';
import type { LoadMermaid } from './MermaidDiagram';
import { MarkdownBlock } from './MarkdownBlock';
import { defaultMarkdownLabels, type MarkdownLabels } from './markdownLabels';
import { StreamingMarkdownContext, type StreamingMarkdownContextValue } from './StreamingMarkdownContext';
import { useBlockSplit } from './useBlockSplit';
import { type RequestFrame, useFrameTail } from './useFrameTail';
import { useRevealedText } from './useRevealedText';
import { useBlockOptions } from './useBlockOptions';
import { RICH_MARKER } from '../engine/richMarker';
import { useLazyChunk } from './useLazyChunk';
import { tailRepairChunk } from '../engine/loadTailRepair';
import { richMarkdownChunk } from './loadRichMarkdown';

/**
 * The `components` of {@link StreamingMarkdown}: react-markdown's element overrides
 * (`a`, `p`, `table`...) plus the parts it renders, by name.
 */
export type StreamingMarkdownComponents = Components & {
  CodeBlock?: ComponentType<CodeBlockProps>;
  CitationBadge?: ComponentType<CitationBadgeProps>;
  Cursor?: ComponentType<CursorProps>;
  /**
   * Loads mermaid (an optional peer dependency), e.g. `() => import('mermaid')`: finished
   * ```` ```mermaid ```` blocks then render as diagrams (docs/rendering.md). Without it they
   * stay code blocks.
   */
  loadMermaid?: LoadMermaid;
};

/** Props of {@link StreamingMarkdown}. */
export interface StreamingMarkdownProps {
  /** The markdown so far; grows as tokens arrive. */
  children?: string | null;
  /** The text is still being written: buffer words and citations, repair the tail, show the cursor. Default `false`. */
  streaming?: boolean;
  /** Element overrides as in react-markdown, plus `CodeBlock`, `CitationBadge`, `Cursor`. A user's `a`, `img` or `pre` replaces chatwire's safe default for it. */
  components?: StreamingMarkdownComponents;
  /** Remark plugins added after remark-gfm and the citation plugin. */
  remarkPlugins?: PluggableList;
  /** Rehype plugins. Raw HTML is never enabled: adding rehype-raw is on you. */
  rehypePlugins?: PluggableList;
  /** Rewrites link and image URLs; its result still has to pass `allowedProtocols`. Default: identity. */
  urlTransform?: UrlTransform | null;
  /** URL schemes allowed in links and images (relative URLs always are). Default `['http', 'https', 'mailto']`. */
  allowedProtocols?: readonly string[];
  /** `target` of links to absolute URLs, `null` for none. They always get `rel="noopener noreferrer"`. Default `'_blank'`. */
  linkTarget?: string | null;
  /** Sources that numeric markers such as `[3]` refer to; a number without a source stays text. Default `[]`. */
  citations?: readonly Citation[];
  /** Called when a citation badge is clicked; makes badges buttons. */
  onCitationClick?: (citation: Citation) => void;
  /** Marker patterns. Default: `[12:45, Sarah Johnson]` and `[3]` ({@link defaultCitationPatterns}). */
  citationPatterns?: readonly CitationPattern[];
  /** A `[` that grows past this many characters without `]` is released as text. Default `64`. */
  citationMaxLength?: number;
  /** A `[` held this long without resolving is released as text, in ms. Default `1500`. */
  citationTimeoutMs?: number;
  /** A partial word is shown once the text has not grown for this long, in ms. Default `100`. */
  wordStallMs?: number;
  /** Show the blinking cursor at the end of the text while streaming. Default `true`. */
  showCursor?: boolean;
  /** Extra class names on the root (`cw-markdown`). */
  className?: string;
  /** Words of the code blocks' copy button and the citation badges' names, over the English ones. Keep it stable. */
  labels?: Partial<MarkdownLabels>;
  /** Timer functions for the word and citation buffers and the code blocks' "Copied" state. Default: the global ones. */
  timers?: Timers;
  /**
   * While streaming, the live tail block is re-parsed at most once per frame: the first
   * update after a frame shows at once, later ones in the same frame show at the next
   * frame. This function requests that frame. Default: `requestAnimationFrame` (a 16 ms
   * timer in a hidden tab or where there is none). `null`: re-parse on every update.
   */
  requestFrame?: RequestFrame;
}


/**
 * Markdown that streams without flicker. Use it like react-markdown, with the text as
 * `children`; set `streaming` while it grows. The text is cut into top-level blocks:
 * finished blocks are parsed and rendered once, only the live tail is re-parsed, at most
 * once per animation frame. While streaming, only whole words are shown, a citation marker appears only
 * once complete (as a badge), unfinished inline syntax is held back until the remend chunk
 * has loaded (on the first streaming render) and repaired from then on, and half tables are
 * held back. Safe by default: no raw HTML, link and image URLs limited to an allow-list.
 *
 * Root: `div.cw-markdown` with `data-state="streaming|done"`.
 *
 * @example
 * ```tsx
 * <StreamingMarkdown streaming={phase === 'generating'} citations={sources}>
 *   {text}
 * </StreamingMarkdown>
 * ```
 */
export function StreamingMarkdown(props: StreamingMarkdownProps) {
  const { children, streaming = false, showCursor = true, className } = props;
  const text = children ?? '';
  const shown = useRevealedText(text, streaming, props);
  const shownText = text.slice(0, shown);
  // Math or footnotes: until the rich chunk has loaded, the text shows up to the first
  // marker, prepared (held back) as a streaming tail is.
  const marker = RICH_MARKER.exec(shownText)?.index;
  const rich = useLazyChunk(richMarkdownChunk, marker !== undefined);
  const held = rich === undefined && marker !== undefined;
  const split = useBlockSplit(held ? shownText.slice(0, marker) : shownText);

  const {
    CodeBlock = DefaultCodeBlock,
    CitationBadge = DefaultCitationBadge,
    Cursor = DefaultCursor,
    loadMermaid,
    ...elements
  } = props.components ?? {};
  const options = useBlockOptions(props, elements as Components, rich);
  const linkTarget = props.linkTarget === undefined ? '_blank' : props.linkTarget;
  const onCitationClick = props.onCitationClick;
  const timers = props.timers ?? GLOBAL_TIMERS;
  const givenLabels = props.labels;
  const context = useMemo<StreamingMarkdownContextValue>(
    () => ({ CodeBlock, CitationBadge, Cursor, loadMermaid, onCitationClick, linkTarget, timers, labels: { ...defaultMarkdownLabels, ...givenLabels } }),
    [CodeBlock, CitationBadge, Cursor, loadMermaid, onCitationClick, linkTarget, timers, givenLabels],
  );

  const repair = useLazyChunk(tailRepairChunk, streaming) ?? undefined;
  const live = useFrameTail(
    split.blocks.length,
    split.tail,
    split.openFence,
    streaming || held,
    () => {
      const options = { openFence: split.openFence, repair };
      if (!streaming && !held) return split.tail;
      return rich ? rich.prepareTail(split.tail, options, prepareTail) : prepareTail(split.tail, options);
    },
    props.requestFrame,
    // A new repair or rich chunk re-prepares the tail at once (within a frame, the first of them to arrive).
    rich || repair,
  );
  const openFence = (streaming || held) && live.openFence;
  const cursor = streaming && showCursor;
  const block = (source: string, key: number | string, live = false) => (
    <MarkdownBlock key={key} source={source} options={options} cursor={live && cursor} openFence={live && openFence} />
  );
  const render = (blocks: readonly string[], tail: string) => (
    <>
      {blocks.map((source, index) => block(source, index))}
      {tail.trim() !== '' ? block(tail, blocks.length, true) : cursor && <Cursor />}
    </>
  );
  return (
    <StreamingMarkdownContext.Provider value={context}>
      <div className={className ? `cw-markdown ${className}` : 'cw-markdown'} data-state={streaming ? 'streaming' : 'done'}>
        {rich ? (
          <rich.Root blocks={split.blocks} tail={live.source} render={render} block={block} prepare={prepareTail} labels={context.labels} />
        ) : (
          render(split.blocks, live.source)
        )}
      </div>
    </StreamingMarkdownContext.Provider>
  );
}
