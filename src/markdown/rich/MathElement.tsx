'use client';
import { useEffect, useReducer } from 'react';
import type { Element } from 'hast';
import { loadKatex, renderMath } from './renderMath';

/**
 * A `cw-math` element: KaTeX's MathML for its `data-tex` (display style for `$$` and `\[`
 * math), in `span.cw-math` (`div.cw-math` for a `$$` block), `data-display="block|inline"`.
 * KaTeX's HTML is the only HTML injected: built by KaTeX from the formula as text, with
 * `trust: false`. Before KaTeX has loaded (a formula the detector did not expect), the
 * source shows as code and is replaced when it arrives.
 */
export function MathElement({ node }: { node?: Element }) {
  const tex = String(node?.properties.dataTex ?? '');
  const display = node?.properties.dataDisplay === 'block';
  const Tag = node?.properties.dataFlow === 'true' ? 'div' : 'span';
  const html = renderMath(tex, display);
  const [, loaded] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    if (html !== undefined) return;
    let live = true;
    loadKatex().then(() => live && loaded(), () => undefined);
    return () => {
      live = false;
    };
  }, [html]);
  const state = display ? 'block' : 'inline';
  if (html === undefined) {
    return (
      <Tag className="cw-math" data-display={state} data-state="source">
        <code>{tex}</code>
      </Tag>
    );
  }
  return <Tag className="cw-math" data-display={state} dangerouslySetInnerHTML={{ __html: html }} />;
}
