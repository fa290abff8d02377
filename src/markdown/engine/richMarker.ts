/**
 * What may be math or a footnote (`$`, `\(`, `\[`, `[^`): a text with one needs the rich
 * markdown chunk ({@link loadRichMarkdown}), and until it has loaded is shown only up to
 * the first block that has one, that block up to the marker. Internal.
 */
export const RICH_MARKER = /\$|\\[([]|\[\^/;
