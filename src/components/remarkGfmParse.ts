import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import type { Extension as MicromarkExtension } from 'micromark-util-types';
import { gfm, type Options } from 'micromark-extension-gfm';
import type { Processor } from 'unified';

/** The processor data remark-parse reads its extensions from. */
interface ParserData {
  micromarkExtensions?: MicromarkExtension[];
  fromMarkdownExtensions?: Array<FromMarkdownExtension | FromMarkdownExtension[]>;
}

/**
 * GitHub Flavored Markdown for rendering only: the same micromark syntax extension and
 * mdast builders that `remark-gfm` registers (tables, strikethrough, autolink literals,
 * task lists, footnotes), without `remark-gfm`'s `toMarkdown` serializer extensions, which
 * pull in `mdast-util-to-markdown` (~17 kB minified) and are never used when rendering.
 * A drop-in for `remark-gfm` in `remarkPlugins` as long as nothing stringifies the tree.
 *
 * @param options micromark-extension-gfm options, e.g. `{ singleTilde: false }`. Default none.
 * @example
 * ```tsx
 * <Markdown remarkPlugins={[remarkGfmParse]}>{'| a |\n| - |\n| 1 |'}</Markdown>
 * ```
 */
export function remarkGfmParse(this: Processor, options?: Options): void {
  const data = this.data() as ParserData;
  (data.micromarkExtensions ??= []).push(gfm(options));
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
}
