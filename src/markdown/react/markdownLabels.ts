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
  /** Code block: the language shown over code whose fence names none. Default `"text"`. */
  plainText: string;
  /**
   * Table wider than the message: accessible name of the region it scrolls in, from the words
   * of its header row (`header`, cells joined by `", "`). Default `"Table: Plan, Price, Seats"`.
   */
  table: (header: string) => string;
  /** Footnotes: the visually hidden heading of the footnotes section. Default `"Footnotes"`. */
  footnotes: string;
  /** Footnotes: accessible name of a footnote's link back to its reference. Default `"Back to reference 1"`. */
  backToReference: (number: number) => string;
  /** Diagram: accessible name of a rendered mermaid diagram. Default `"Diagram"`. */
  diagram: string;
  /** Diagram: the note under a diagram mermaid could not render; `message` is mermaid's. Default `"The diagram could not be rendered: <message>"`. */
  diagramFailed: (message: string) => string;
}

/** The English {@link MarkdownLabels}. Internal: `defaultLabels` of chatwire includes them. */
export const defaultMarkdownLabels: MarkdownLabels = {
  copy: 'Copy',
  copyCode: 'Copy code',
  copied: 'Copied',
  source: (label, title) => `Source ${label}${title ? `: ${title}` : ''}`,
  spokenAt: (speaker, timestamp) => `${speaker} at ${timestamp}`,
  plainText: 'text',
  table: (header) => (header ? `Table: ${header}` : 'Table'),
  footnotes: 'Footnotes',
  backToReference: (number) => `Back to reference ${number}`,
  diagram: 'Diagram',
  diagramFailed: (message) => `The diagram could not be rendered: ${message}`,
};
