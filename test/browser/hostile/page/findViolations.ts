/** Elements that model output must never create. */
const FORBIDDEN_TAGS = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'base', 'meta', 'link', 'style']);
/** Attributes that hold a URL the browser may load or navigate to. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'srcset', 'poster', 'data', 'background', 'ping']);
// Browsers ignore ASCII whitespace and control characters inside a scheme.
// eslint-disable-next-line no-control-regex
const IGNORED = /[\u0000-\u0020\u007f]/g;
const BAD_SCHEME = /^(javascript|data|vbscript):/i;

/**
 * What in `root` (itself included) could run script or load a hostile URL: forbidden
 * elements, `on*` handler attributes, `srcdoc`, and `javascript:` / `data:` / `vbscript:`
 * URLs in URL attributes. One line per finding; empty when clean.
 */
export function findViolations(root: Element): string[] {
  const found: string[] = [];
  const elements = [root, ...root.querySelectorAll('*')];
  for (const element of elements) {
    const tag = element.tagName.toLowerCase();
    if (FORBIDDEN_TAGS.has(tag)) found.push(`<${tag}> element`);
    for (const { name, value } of element.attributes) {
      const attribute = name.toLowerCase();
      if (attribute.startsWith('on')) found.push(`<${tag} ${attribute}="${value.slice(0, 60)}">`);
      else if (attribute === 'srcdoc') found.push(`<${tag} srcdoc>`);
      else if (URL_ATTRIBUTES.has(attribute) && BAD_SCHEME.test(value.replace(IGNORED, ''))) {
        found.push(`<${tag} ${attribute}="${value.slice(0, 60)}">`);
      }
    }
  }
  return found;
}
