'use client';
import { useMemo } from 'react';
import type { Components, PluggableList } from './markdownTypes';
import type { Citation } from '../../core/events';
import { defaultCitationPatterns } from '../engine/defaultCitationPatterns';
import { remarkCitations } from '../engine/remarkCitations';
import { remarkGfmParse } from '../engine/remarkGfmParse';
import { DEFAULT_ALLOWED_PROTOCOLS, sanitizeUrl } from '../engine/sanitizeUrl';
import type { MarkdownBlockOptions } from './MarkdownBlock';
import { markdownElements } from './markdownElements';
import type { RichMarkdown } from './RichMarkdown';
import type { StreamingMarkdownProps } from './StreamingMarkdown';
import { useShallowStable } from './useShallowStable';

const NO_CITATIONS: readonly Citation[] = [];
const NO_PLUGINS: PluggableList = [];

/**
 * The one options object every block of a `StreamingMarkdown` renders with: chatwire's
 * element renderers (and the rich chunk's once loaded) under the user's, remark-gfm (parse
 * only), the rich syntax, citations, the user's plugins, and the URL policy. Stable while
 * its inputs are shallowly equal, so finished blocks stay memoized.
 *
 * @example const options = useBlockOptions(props, elements, rich);
 */
export function useBlockOptions(props: StreamingMarkdownProps, elements: Components, rich: RichMarkdown | null | undefined): MarkdownBlockOptions {
  const stableElements = useShallowStable(elements as Record<string, unknown>);
  const remarkUser = useShallowStable(props.remarkPlugins ?? NO_PLUGINS);
  const rehypeUser = useShallowStable(props.rehypePlugins ?? NO_PLUGINS);
  const protocols = useShallowStable(props.allowedProtocols ?? DEFAULT_ALLOWED_PROTOCOLS);
  const citations = props.citations ?? NO_CITATIONS;
  const patterns = props.citationPatterns ?? defaultCitationPatterns;
  const userTransform = props.urlTransform;
  return useMemo<MarkdownBlockOptions>(
    () => ({
      components: { ...markdownElements, ...rich?.components, ...(stableElements as Components) },
      remarkPlugins: [remarkGfmParse, ...(rich ? [rich.remarkPlugin] : []), [remarkCitations, { patterns, citations }], ...remarkUser],
      rehypePlugins: rehypeUser,
      urlTransform: (url, key, node) => {
        const mapped = userTransform ? userTransform(url, key, node) : url;
        return mapped == null ? undefined : (sanitizeUrl(mapped, protocols) ?? undefined);
      },
    }),
    [stableElements, remarkUser, rehypeUser, patterns, citations, protocols, userTransform, rich],
  );
}
