'use client';
import { lazy, Suspense, useContext, useEffect, useRef, useState, type ComponentProps } from 'react';
import type { Element, ElementContent } from 'hast';
import type { Components, ExtraProps } from './markdownTypes';
import type { Citation } from '../../core/events';
import { CITATION_ELEMENT } from '../engine/remarkCitations';
import { CURSOR_ELEMENT } from '../engine/rehypeStreamingTail';
import { StreamingMarkdownContext, type StreamingMarkdownContextValue } from './StreamingMarkdownContext';

/** The mermaid diagram, a chunk of its own (loaded by the first finished mermaid block when the app gives `loadMermaid`). */
const Diagram = lazy(() => import('./MermaidDiagram'));

function useSettings(): StreamingMarkdownContextValue {
  const value = useContext(StreamingMarkdownContext);
  if (!value) {
    throw new Error(
      'chatwire: a markdown element renderer was used outside <StreamingMarkdown>. Render markdown through <StreamingMarkdown> instead of using its element map directly.',
    );
  }
  return value;
}

/** Links: unsafe URLs were removed by the URL policy (text stays); absolute ones open in a new tab. */
function MarkdownLink({ node: _node, href, children, ...rest }: ComponentProps<'a'> & ExtraProps) {
  const { linkTarget } = useSettings();
  if (!href) return <span className="cw-link-blocked">{children}</span>;
  const external = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href);
  return (
    <a
      {...rest}
      href={href}
      target={external && linkTarget ? linkTarget : undefined}
      rel={external ? 'noopener noreferrer' : undefined}
    >
      {children}
    </a>
  );
}

/**
 * Images: one whose URL was removed shows its alt text instead of a broken image; others load
 * lazily (`loading="lazy"`, `decoding="async"`; a user's props win) with their alt text.
 */
function MarkdownImage({ node: _node, src, alt, ...rest }: ComponentProps<'img'> & ExtraProps) {
  if (!src) return alt ? <span className="cw-image-blocked">{alt}</span> : null;
  return <img loading="lazy" decoding="async" {...rest} src={src} alt={alt ?? ''} />;
}

/** Fenced code: handed to the `CodeBlock` part with its language and fence state. */
function MarkdownPre({ node, children, ...rest }: ComponentProps<'pre'> & ExtraProps) {
  const { CodeBlock, Cursor, loadMermaid, labels } = useSettings();
  const code = node?.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'code',
  );
  if (!node || !code) return <pre {...rest}>{children}</pre>;
  const classes = code.properties.className;
  const language = (Array.isArray(classes) ? classes : [])
    .map(String)
    .find((name) => name.startsWith('language-'))
    ?.slice('language-'.length);
  const streaming = node.properties.dataStreaming === 'true';
  const cursor = node.properties.dataCursor === 'true' ? <Cursor /> : undefined;
  const block = <CodeBlock code={textOf(code.children)} language={language} streaming={streaming} cursor={cursor} />;
  if (language !== 'mermaid' || streaming || !loadMermaid) return block;
  return (
    <Suspense fallback={block}>
      <Diagram code={textOf(code.children)} load={loadMermaid} fallback={block} labels={labels} />
    </Suspense>
  );
}

const isElement = (node: ElementContent | undefined, tagName: string): node is Element => node?.type === 'element' && node.tagName === tagName;

/**
 * Tables: in `div.cw-table`, which scrolls sideways when the table is wider than the message.
 * Then (`data-overflow="true"`, seen by a `ResizeObserver`) that box is a keyboard stop, so
 * arrow keys scroll it: `tabIndex=0`, `role="region"`, named by the `table` label from the
 * header row's words. A table that fits is no tab stop.
 */
function MarkdownTable({ node, ...rest }: ComponentProps<'table'> & ExtraProps) {
  const { labels } = useSettings();
  const box = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    // Called once laid out, then whenever the box (the message) or the table (rows streaming in) changes size.
    const observer = new ResizeObserver(() => setWide(el.scrollWidth > el.clientWidth + 1));
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  const head = node?.children.find((child) => isElement(child, 'thead'));
  const row = isElement(head, 'thead') ? head.children.find((child) => isElement(child, 'tr')) : undefined;
  const header = isElement(row, 'tr') ? row.children.flatMap((cell) => (cell.type === 'element' ? [textOf(cell.children).trim()] : [])).filter(Boolean) : [];
  const region = wide ? { tabIndex: 0, role: 'region', 'aria-label': labels.table(header.join(', ')) } : {};
  return (
    <div ref={box} className="cw-table" data-overflow={wide ? 'true' : undefined} {...region}>
      <table {...rest} />
    </div>
  );
}

function MarkdownCitation({ node, children }: { node?: Element; children?: React.ReactNode }) {
  const { CitationBadge, onCitationClick } = useSettings();
  const raw = node?.properties.dataCitation;
  let citation: Citation | null = null;
  try {
    citation = typeof raw === 'string' ? (JSON.parse(raw) as Citation) : null;
  } catch {
    citation = null;
  }
  if (!citation) return <>{children}</>;
  const kind = node?.properties.dataKind;
  return (
    <CitationBadge
      citation={citation}
      marker={textOf(node?.children ?? [])}
      kind={typeof kind === 'string' ? kind : undefined}
      onCitationClick={onCitationClick}
    />
  );
}

function MarkdownCursor() {
  const { Cursor } = useSettings();
  return <Cursor />;
}

function textOf(nodes: readonly ElementContent[]): string {
  let text = '';
  for (const child of nodes) {
    if (child.type === 'text') text += child.value;
    else if (child.type === 'element') text += textOf(child.children);
  }
  return text;
}

/**
 * The element renderers `StreamingMarkdown` adds to react-markdown: safe links and
 * images, code blocks, tables that scroll, citation badges and the cursor. A user's `components` entry for
 * the same element wins.
 */
export const markdownElements = {
  a: MarkdownLink,
  img: MarkdownImage,
  pre: MarkdownPre,
  table: MarkdownTable,
  [CITATION_ELEMENT]: MarkdownCitation,
  [CURSOR_ELEMENT]: MarkdownCursor,
} as unknown as Components;
