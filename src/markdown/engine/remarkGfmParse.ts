import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmStrikethrough, type Options } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import type { Extension as MicromarkExtension } from 'micromark-util-types';

/** The processor data remark-parse reads its extensions from. */
interface ParserData {
  micromarkExtensions?: MicromarkExtension[];
  fromMarkdownExtensions?: Array<FromMarkdownExtension | FromMarkdownExtension[]>;
}

/**
 * GitHub Flavored Markdown for rendering: the micromark syntax extensions and mdast
 * builders that `remark-gfm` registers for tables, strikethrough, autolink literals and
 * task lists, in its order, without its `toMarkdown` serializer extensions (they pull in
 * `mdast-util-to-markdown`, ~17 kB minified, never used when rendering) and without
 * footnotes: `StreamingMarkdown` parses block by block, so a `[^1]` reference and its
 * definition are never in one parse, and GFM would drop the unreferenced definition's
 * text; without the extension it shows as written.
 *
 * @param options strikethrough options, e.g. `{ singleTilde: false }`. Default none.
 * @example
 * ```tsx
 * <Markdown remarkPlugins={[remarkGfmParse]}>{'| a |\n| - |\n| 1 |'}</Markdown>
 * ```
 */
export function remarkGfmParse(this: { data(): unknown }, options?: Options): void {
  const data = this.data() as ParserData;
  (data.micromarkExtensions ??= []).push(gfmAutolinkLiteral(), gfmStrikethrough(options), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(
    gfmAutolinkLiteralFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  );
}
