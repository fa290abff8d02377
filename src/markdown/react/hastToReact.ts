'use client';
import type { Element, Nodes, Properties } from 'hast';
import { urlAttributes } from 'html-url-attributes';
import type { ComponentType, ReactElement, ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import type { UrlTransform } from './markdownTypes';

/** Options of {@link hastToReact}. */
export interface HastToReactOptions {
  /** Replacements by tag name; a component receives the hast `node` besides its props. */
  components: Readonly<Record<string, ComponentType<never> | string | undefined>>;
  /** Rewrites (or removes, by returning nullish) the URL of every URL attribute. */
  urlTransform: UrlTransform;
}

// React warns about any whitespace text inside these; mdast-util-to-hast puts line endings there.
const TABLE_ELEMENTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr']);
// hast property names that React spells differently (property-information's `hastToReact`).
const REACT_NAMES: Readonly<Record<string, string>> = {
  classId: 'classID',
  dataType: 'datatype',
  itemId: 'itemID',
  strokeDashArray: 'strokeDasharray',
  strokeDashOffset: 'strokeDashoffset',
  strokeLineCap: 'strokeLinecap',
  strokeLineJoin: 'strokeLinejoin',
  strokeMiterLimit: 'strokeMiterlimit',
  typeOf: 'typeof',
  xLinkActuate: 'xlinkActuate',
  xLinkArcRole: 'xlinkArcrole',
  xLinkHref: 'xlinkHref',
  xLinkRole: 'xlinkRole',
  xLinkShow: 'xlinkShow',
  xLinkTitle: 'xlinkTitle',
  xLinkType: 'xlinkType',
  xmlnsXLink: 'xmlnsXlink',
};
// The properties whose list values are comma-separated (as in property-information); other lists are space-separated.
const COMMA_SEPARATED = new Set(['accept', 'coords', 'exportParts', 'g1', 'g2', 'glyphName']);

/**
 * Turns a hast tree into React elements, as `hast-util-to-jsx-runtime` does for react-markdown
 * (same element names, props, keys, `node` passed to components, whitespace dropped inside
 * tables, `align` on cells as `text-align`), for the trees markdown produces, without the full
 * HTML and SVG property schemas. Also does react-markdown's own passes on the way: `urlTransform`
 * on URL attributes and raw HTML shown as text. Property names: hast's camelCase names are
 * React's, except `data*`/`aria*` (written as `data-x`/`aria-x` attributes) and a few listed in
 * `REACT_NAMES`; a `style` string becomes an object. Comments and doctypes render nothing.
 *
 * @example hastToReact({ type: 'root', children: [{ type: 'text', value: 'hi' }] }, { components: {}, urlTransform: (url) => url })
 */
export function hastToReact(tree: Nodes, options: HastToReactOptions): ReactElement {
  const result = one(tree, undefined, options);
  if (result && typeof result === 'object') return result;
  return jsx(Fragment, { children: result ?? undefined });
}

function one(node: Nodes, key: string | undefined, options: HastToReactOptions): ReactElement | string | undefined {
  if (node.type === 'text' || node.type === 'raw') return node.value;
  if (node.type === 'root') return create(Fragment, {}, children(node.children, undefined, options), key);
  if (node.type !== 'element') return undefined;
  const replaced = options.components[node.tagName];
  const type = replaced ?? node.tagName;
  const props = elementProps(node, options.urlTransform);
  if (typeof type !== 'string') props.node = node;
  return create(type, props, children(node.children, TABLE_ELEMENTS.has(node.tagName), options), key);
}

function children(nodes: readonly Nodes[], table: boolean | undefined, options: HastToReactOptions): ReactNode[] {
  const result: ReactNode[] = [];
  const counts = new Map<string, number>();
  for (const child of nodes) {
    let key: string | undefined;
    if (child.type === 'element') {
      const count = counts.get(child.tagName) ?? 0;
      key = `${child.tagName}-${count}`;
      counts.set(child.tagName, count + 1);
    }
    const rendered = one(child, key, options);
    if (rendered === undefined || (table && typeof rendered === 'string' && /^[ \t\n\f\r]*$/.test(rendered))) continue;
    result.push(rendered);
  }
  return result;
}

function create(type: unknown, props: Record<string, unknown>, kids: ReactNode[], key: string | undefined): ReactElement {
  if (kids.length > 0) props.children = kids.length > 1 ? kids : kids[0];
  const make = kids.length > 1 ? jsxs : jsx;
  return make(type as never, props, key);
}

function elementProps(node: Element, urlTransform: UrlTransform): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  const cell = node.tagName === 'td' || node.tagName === 'th';
  let align: string | undefined;
  for (const name in node.properties) {
    if (!Object.hasOwn(node.properties, name) || name === 'children') continue;
    let value: Properties[string] | string | undefined = node.properties[name];
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    if (Array.isArray(value)) value = value.join(COMMA_SEPARATED.has(name) ? ', ' : ' ');
    if (isUrlAttribute(name, node.tagName)) {
      value = urlTransform(String(value || ''), name, node) ?? undefined;
      if (value === undefined) continue;
    }
    if (name === 'style') props.style = typeof value === 'string' ? parseStyle(value) : value;
    else if (name === 'align' && cell && typeof value === 'string') align = value;
    else props[reactName(name)] = value;
  }
  if (align) props.style = { ...(props.style as object | undefined), textAlign: align };
  return props;
}

function isUrlAttribute(name: string, tagName: string): boolean {
  if (!Object.hasOwn(urlAttributes, name)) return false;
  const tags = urlAttributes[name];
  return tags === null || tags === undefined || tags.includes(tagName);
}

function reactName(name: string): string {
  const prefix = /^(data|aria)(?=[A-Z])/.exec(name)?.[1];
  if (prefix === 'aria') return `aria-${name.slice(4).toLowerCase()}`;
  if (prefix === 'data') return `data${name.slice(4).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  return REACT_NAMES[name] ?? name;
}

/** `color: red; --x: 1` to `{ color: 'red', '--x': '1' }`; declarations it cannot read are skipped. */
function parseStyle(source: string): Record<string, string> {
  const style: Record<string, string> = {};
  for (const declaration of source.replace(/\/\*[\s\S]*?\*\//g, '').split(';')) {
    const colon = declaration.indexOf(':');
    const property = declaration.slice(0, colon).trim();
    const value = declaration.slice(colon + 1).trim();
    if (colon < 1 || !property || !value) continue;
    style[property.startsWith('--') ? property : property.toLowerCase().replace(/^-ms-/, 'ms-').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())] = value;
  }
  return style;
}
