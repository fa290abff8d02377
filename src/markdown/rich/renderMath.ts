import type katex from 'katex';

type Katex = typeof katex;
let engine: Katex | undefined;
let loading: Promise<Katex> | undefined;
const CACHE_LIMIT = 500;
const cache = new Map<string, string>();
/** Longer formulas are shown as their source: KaTeX's time grows with the input. */
export const MAX_MATH_CHARS = 20_000;

/** Loads KaTeX (its own chunk), once per page. */
export function loadKatex(): Promise<Katex> {
  loading ??= import('katex').then((module) => {
    engine = (module as unknown as { default?: Katex }).default ?? (module as unknown as Katex);
    return engine;
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** KaTeX has loaded: math renders synchronously. */
export function katexLoaded(): boolean {
  return engine !== undefined;
}

/**
 * The MathML KaTeX makes of `tex` (`display`: display style, a block), cached per formula
 * (500). `undefined` before KaTeX has loaded. Errors render as KaTeX's error element (the
 * source in the error colour, the message as its title), never throw. Untrusted input:
 * `trust: false` (no `\href`, `\url`, `\includegraphics`, `\htmlClass`...), `maxExpand`
 * 1000, `maxSize` 20em.
 *
 * @example renderMath('x^2', false) // '<span class="katex"><math ...'
 */
export function renderMath(tex: string, display: boolean): string | undefined {
  if (!engine) return undefined;
  const key = `${display ? 'D' : 'I'}${tex}`;
  let html = cache.get(key);
  if (html === undefined) {
    html =
      tex.length > MAX_MATH_CHARS
        ? undefined
        : engine.renderToString(tex, {
            displayMode: display,
            output: 'mathml',
            throwOnError: false,
            trust: false,
            strict: 'ignore',
            maxExpand: 1000,
            maxSize: 20,
          });
    if (html === undefined) return undefined;
    cache.set(key, html);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }
  return html;
}
