/**
 * The words `StreamingMarkdown`'s own elements show or announce (its `labels` prop; part of
 * chatwire's `ChatLabels` catalog, so `ChatWidget`'s `labels` reach them too).
 */
export interface MarkdownLabels {
  /** Code block: the copy button's text. Default `"Copy"`. */
  copy: string;
  /** Code block: the copy button's accessible name. Default `"Copy code"`. */
  copyCode: string;
  /** Code block: the copy button after copying. Default `"Copied"`. */
  copied: string;
  /** Citation badge: accessible name from its visible label and the source's title (when known). Default `"Source 3: Q3 report"`. */
  source: (label: string, title?: string) => string;
  /** Citation badge: the title of a timestamped source without one. Default `"Sarah Johnson at 12:45"`. */
  spokenAt: (speaker: string, timestamp: string) => string;
}

/** The English {@link MarkdownLabels}. Internal: `defaultLabels` of chatwire includes them. */
export const defaultMarkdownLabels: MarkdownLabels = {
  copy: 'Copy',
  copyCode: 'Copy code',
  copied: 'Copied',
  source: (label, title) => `Source ${label}${title ? `: ${title}` : ''}`,
  spokenAt: (speaker, timestamp) => `${speaker} at ${timestamp}`,
};
