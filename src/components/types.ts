import type { StreamingMarkdownComponents } from '../markdown/react/StreamingMarkdown';
import type { ComponentType } from 'react';
import type { Components } from '../markdown/react/markdownTypes';
import type { CitationBadgeProps } from '../markdown/react/CitationBadge';
import type { CodeBlockProps } from '../markdown/react/CodeBlock';
import type { ComposerProps } from './Composer';
import type { CursorProps } from '../markdown/react/Cursor';
import type { ErrorNoticeProps } from './ErrorNotice';
import type { BranchPickerProps } from './BranchPicker';
import type { MessageProps } from './Message';
import type { MessageActionsProps } from './MessageActions';
import type { MessageEditorProps } from './MessageEditor';
import type { MessageListProps } from './MessageList';
import type { ReasoningProps } from './Reasoning';
import type { StatusLineProps } from './StatusLine';
import type { ToolCallCardProps } from './ToolCallCard';
import type { ThreadItemProps } from './ThreadList';
import type { AnyToolRenderers } from './toolRenderers';

/** The parts of a chat that a `components` map can replace, by name. */
export interface ChatPartComponents {
  Message: ComponentType<MessageProps>;
  MessageList: ComponentType<MessageListProps>;
  /** The actions under a message (Copy, Edit, Regenerate, the thumbs). */
  MessageActions: ComponentType<MessageActionsProps>;
  /** The previous/next version picker of a message with siblings. */
  BranchPicker: ComponentType<BranchPickerProps>;
  /** The inline editor of a user message. */
  MessageEditor: ComponentType<MessageEditorProps>;
  ToolCallCard: ComponentType<ToolCallCardProps>;
  StatusLine: ComponentType<StatusLineProps>;
  Reasoning: ComponentType<ReasoningProps>;
  ErrorNotice: ComponentType<ErrorNoticeProps>;
  Composer: ComponentType<ComposerProps>;
  CitationBadge: ComponentType<CitationBadgeProps>;
  CodeBlock: ComponentType<CodeBlockProps>;
  Cursor: ComponentType<CursorProps>;
  /** An entry of `ThreadList` (the conversation list). */
  ThreadItem: ComponentType<ThreadItemProps>;
  /** Custom cards by tool name (`{ send_email: EmailCard }`); other tools get `ToolCallCard`. */
  toolRenderers: AnyToolRenderers;
}

/**
 * The `components` prop of `ChatWidget`: replace any part by its name (capitalized keys),
 * and override markdown elements the way react-markdown's `components` does (lower-case
 * HTML element keys such as `a`, `table`, `p`), which are passed to `StreamingMarkdown`,
 * as is `loadMermaid` (diagrams: `() => import('mermaid')`).
 *
 * @example
 * const components: ChatComponents = {
 *   ToolCallCard: MyToolCard,
 *   a: (props) => <a {...props} target="_blank" rel="noreferrer" />,
 * };
 */
export type ChatComponents = Partial<ChatPartComponents> & Components & Pick<StreamingMarkdownComponents, 'loadMermaid'>;
