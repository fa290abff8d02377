import type { HighlighterCore } from 'shiki/core';
import { shikiLanguageAliases, shikiLanguages } from './shikiLanguages';

const CACHE_LIMIT = 200;
const cache = new Map<string, string>();
const pending = new Map<string, Promise<string | null>>();
let highlighter: Promise<HighlighterCore> | null = null;

/**
 * The grammar name for a fence's info word (`ts` -> `typescript`), or `null` when the
 * language is unknown (the block stays plain).
 *
 * @example resolveLanguage('TS') // 'typescript'
 */
export function resolveLanguage(language: string | undefined): string | null {
  if (!language) return null;
  const name = language.trim().toLowerCase();
  const id = shikiLanguageAliases[name] ?? name;
  return Object.hasOwn(shikiLanguages, id) ? id : null;
}

/** The highlighted HTML already made for this code, synchronously, if any. */
export function peekHighlight(code: string, language: string | undefined): string | undefined {
  const id = resolveLanguage(language);
  return id ? cache.get(key(id, code)) : undefined;
}

/**
 * Highlights `code` with shiki (GitHub's light high-contrast and dark default themes, whose
 * every token color reads at 4.5:1 or more on the theme's code background; switched by the CSS
 * `light-dark()` function, i.e. by `color-scheme`), loading shiki, the JavaScript regex
 * engine and the grammar on first use. Cached per (language, code): the same block is
 * never highlighted twice. Resolves `null` for unknown languages.
 *
 * The HTML is shiki's: built from the code as escaped text, safe to inject.
 *
 * @example const html = await highlightCode('const a = 1;', 'ts');
 */
export function highlightCode(code: string, language: string | undefined): Promise<string | null> {
  const id = resolveLanguage(language);
  if (!id) return Promise.resolve(null);
  const cacheKey = key(id, code);
  const hit = cache.get(cacheKey);
  if (hit !== undefined) return Promise.resolve(hit);
  const running = pending.get(cacheKey);
  if (running) return running;
  const work = run(id, code)
    .then((html) => {
      remember(cacheKey, html);
      return html;
    })
    .finally(() => pending.delete(cacheKey));
  pending.set(cacheKey, work);
  return work;
}

async function run(id: string, code: string): Promise<string> {
  const core = await loadHighlighter();
  if (!core.getLoadedLanguages().includes(id)) {
    const load = shikiLanguages[id];
    if (load) await core.loadLanguage((await load()).default);
  }
  return core.codeToHtml(code, {
    lang: id,
    themes: { light: 'github-light-high-contrast', dark: 'github-dark-default' },
    defaultColor: 'light-dark()',
  });
}

function loadHighlighter(): Promise<HighlighterCore> {
  highlighter ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
    ]);
    return createHighlighterCore({
      themes: [import('shiki/themes/github-light-high-contrast.mjs'), import('shiki/themes/github-dark-default.mjs')],
      langs: [],
      engine: createJavaScriptRegexEngine(),
    });
  })();
  highlighter.catch(() => {
    highlighter = null;
  });
  return highlighter;
}

function key(id: string, code: string): string {
  return `${id}\u0000${code}`;
}

function remember(cacheKey: string, html: string): void {
  cache.delete(cacheKey);
  cache.set(cacheKey, html);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}
