'use client';
// Public exports of the markdown renderer (React).
export {};
export { StreamingMarkdown } from './StreamingMarkdown';
export type { StreamingMarkdownProps, StreamingMarkdownComponents } from './StreamingMarkdown';
export { CodeBlock } from './CodeBlock';
export type { CodeBlockProps } from './CodeBlock';
export { CitationBadge } from './CitationBadge';
export type { CitationBadgeProps } from './CitationBadge';
export { Cursor } from './Cursor';
export type { CursorProps } from './Cursor';
export type { MarkdownLabels } from './markdownLabels';
export { highlightCode, resolveLanguage } from '../engine/highlight';
