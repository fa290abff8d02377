'use client';
import { createContext, type ComponentType } from 'react';
import type { Citation } from '../../core/events';
import type { Timers } from '../../core/Timers';
import type { CitationBadgeProps } from './CitationBadge';
import type { CodeBlockProps } from './CodeBlock';
import type { CursorProps } from './Cursor';
import type { LoadMermaid } from './MermaidDiagram';
import type { MarkdownLabels } from './markdownLabels';

/** What the element renderers of one `StreamingMarkdown` need; internal. */
export interface StreamingMarkdownContextValue {
  CodeBlock: ComponentType<CodeBlockProps>;
  CitationBadge: ComponentType<CitationBadgeProps>;
  Cursor: ComponentType<CursorProps>;
  /** `components.loadMermaid`: finished ```` ```mermaid ```` blocks render as diagrams. */
  loadMermaid: LoadMermaid | undefined;
  onCitationClick: ((citation: Citation) => void) | undefined;
  linkTarget: string | null;
  /** The `timers` prop (or the global ones): the copy button's "Copied" state ends on them. */
  timers: Timers;
  /** The `labels` prop over the English words. */
  labels: MarkdownLabels;
}

/** Internal context between `StreamingMarkdown` and its element renderers. */
export const StreamingMarkdownContext = createContext<StreamingMarkdownContextValue | null>(null);
