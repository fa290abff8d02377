'use client';
import { useContext } from 'react';
import type { Element } from 'hast';
import { FootnoteContext } from './FootnoteContext';

/**
 * A footnote reference (`cw-fnref`): its number as a superscript, linking to its
 * definition once the definition has arrived (`data-state="pending"` until then; no raw
 * `[^1]` meanwhile). The first reference of a label carries the id the back-link returns to.
 */
export function FootnoteRef({ node }: { node?: Element }) {
  const footnotes = useContext(FootnoteContext);
  const label = String(node?.properties.dataLabel ?? '');
  const number = footnotes?.numbers.get(label);
  if (!footnotes || number === undefined) return <sup className="cw-footnote-ref">{label}</sup>;
  const { prefix } = footnotes;
  if (!footnotes.defined.has(label)) {
    return (
      <sup className="cw-footnote-ref" data-state="pending">
        {number}
      </sup>
    );
  }
  return (
    <sup className="cw-footnote-ref" data-state="linked">
      <a href={`#${prefix}fn-${label}`} id={`${prefix}fnref-${label}`} data-footnote-ref="" aria-describedby={`${prefix}footnotes`}>
        {number}
      </a>
    </sup>
  );
}
