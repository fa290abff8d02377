'use client';
import { useContext, type MouseEvent } from 'react';
import type { Citation } from '../../core/events';
import { sanitizeUrl } from '../engine/sanitizeUrl';
import { defaultMarkdownLabels } from './markdownLabels';
import { StreamingMarkdownContext } from './StreamingMarkdownContext';

/** Props of {@link CitationBadge}. */
export interface CitationBadgeProps {
  /** The source the marker refers to. */
  citation: Citation;
  /** The marker as written, e.g. `[3]`; used for the label when the citation has none. */
  marker?: string;
  /** The pattern that matched (`numeric`, `timestamp`...), shown as `data-kind`. */
  kind?: string;
  /** Makes the badge a button; called with the citation. */
  onCitationClick?: (citation: Citation) => void;
  /** Extra class names. */
  className?: string;
}

/**
 * An inline badge for a citation marker. A button when `onCitationClick` is given, else
 * a link to `citation.url` (allowed schemes only, new tab), else a plain label. The
 * visible label is the number (`3`) or `12:45 · Sarah Johnson`; the title and accessible
 * name carry the source's title.
 *
 * Class `cw-citation`, `data-kind`; CSS variables `--cw-citation-bg`, `--cw-citation-fg`.
 *
 * @example <CitationBadge citation={{ id: '3', title: 'Q3 report' }} onCitationClick={open} />
 */
export function CitationBadge({ citation, marker, kind, onCitationClick, className }: CitationBadgeProps) {
  const label =
    citation.timestamp !== undefined
      ? [citation.timestamp, citation.speaker].filter(Boolean).join(' · ')
      : marker?.replace(/^\[|\]$/g, '') || citation.id;
  const labels = useContext(StreamingMarkdownContext)?.labels ?? defaultMarkdownLabels;
  const title = citation.title ?? (citation.speaker ? labels.spokenAt(citation.speaker, citation.timestamp ?? '') : undefined);
  const name = labels.source(label, title);
  const common = {
    className: className ? `cw-citation ${className}` : 'cw-citation',
    'data-kind': kind,
    'data-citation-id': citation.id,
    title,
    'aria-label': name,
  };
  if (onCitationClick) {
    const onClick = (event: MouseEvent<HTMLButtonElement>): void => {
      event.preventDefault();
      onCitationClick(citation);
    };
    return (
      <button type="button" {...common} onClick={onClick}>
        {label}
      </button>
    );
  }
  const href = citation.url ? sanitizeUrl(citation.url) : null;
  if (href) {
    return (
      <a {...common} href={href} target="_blank" rel="noopener noreferrer">
        {label}
      </a>
    );
  }
  return <span {...common}>{label}</span>;
}
