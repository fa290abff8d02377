import type { Element, Nodes, Root } from 'hast';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import type { ComponentProps } from 'react';
import { renderToStaticMarkup as toStaticMarkup } from 'react-dom/server';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { hastToReact } from '../../../src/markdown/react/hastToReact';

const h = (tagName: string, properties: Record<string, unknown>, ...children: Element['children']): Element => ({
  type: 'element',
  tagName,
  properties: properties as Element['properties'],
  children,
});
const text = (value: string) => ({ type: 'text' as const, value });
/** Static markup without the `<link rel="preload">` React 19 hoists for every image. */
const renderToStaticMarkup = (element: Parameters<typeof toStaticMarkup>[0]) => toStaticMarkup(element).replace(/<link rel="preload"[^>]*>/g, '');
const root = (...children: Root['children']): Root => ({ type: 'root', children });

/** Trees a rehype plugin may produce, beyond what markdown alone does. */
const trees: Array<[string, Nodes]> = [
  ['styles, custom properties and vendor prefixes', root(h('span', { style: 'color: Red; --Accent: 1px; -ms-transform: none; -webkit-line-clamp: 2; /* c */ margin-top:0' }, text('x')))],
  ['data and aria attributes', root(h('a', { href: '#a', dataFootnoteRef: true, ariaDescribedBy: 'label', dataX: 'y', id: 'ref' }, text('1')))],
  ['class lists and comma lists', root(h('img', { src: 'a.png', className: ['a', 'b'], srcSet: ['a.png 1x', 'b.png 2x'], accept: ['image/png', 'image/gif'], alt: 'pic' }))],
  ['svg names', root(h('svg', { viewBox: '0 0 1 1' }, h('path', { strokeDashArray: '1 2', strokeLineCap: 'round', d: 'M0 0' }), h('use', { xLinkHref: '#p' })))],
  ['table whitespace and cell alignment', root(h('table', {}, text('\n'), h('tbody', {}, text('\n'), h('tr', {}, text('\n'), h('td', { align: 'center' }, text(' a ')), h('th', { align: 'right', style: 'color: red' }, text('b'))))))],
  ['booleans, numbers, nullish and NaN', root(h('input', { type: 'checkbox', checked: true, disabled: false, tabIndex: 0, title: null, width: Number.NaN }), h('ol', { start: 3 }, h('li', {}, text('x'))))],
  ['comments and doctypes render nothing', root({ type: 'doctype' }, { type: 'comment', value: 'hidden' }, h('p', {}, text('shown')))],
  ['a lone text node', root(text('just text'))],
];

function Custom({ node, ...props }: ComponentProps<'p'> & { node?: Element }) {
  return <p data-tag={node?.tagName} {...props} />;
}

describe('hastToReact', () => {
  it.each(trees)('renders %s as hast-util-to-jsx-runtime does', (_name, tree) => {
    const components = { p: Custom };
    const ours = renderToStaticMarkup(hastToReact(tree, { components, urlTransform: (url) => url }));
    const theirs = renderToStaticMarkup(
      toJsxRuntime(tree, { Fragment, jsx, jsxs, components, passKeys: true, passNode: true, ignoreInvalidStyle: true }),
    );
    expect(ours).toBe(theirs);
    expect(ours.length).toBeGreaterThan(0);
  });

  it('passes the hast node to components and keys elements by tag name and position', () => {
    const seen: Array<Element | undefined> = [];
    function Item({ node, ...props }: ComponentProps<'li'> & { node?: Element }) {
      seen.push(node);
      return <li {...props} />;
    }
    const list = h('ul', {}, h('li', {}, text('a')), text('\n'), h('li', {}, text('b')));
    const element = hastToReact(root(list), { components: { li: Item }, urlTransform: (url) => url });
    expect(renderToStaticMarkup(element)).toBe('<ul><li>a</li>\n<li>b</li></ul>');
    expect(seen.map((node) => node?.tagName)).toEqual(['li', 'li']);
    const ul = (element.props as { children: { props: { children: Array<{ key?: string }> } } }).children;
    expect(ul.props.children.map((child) => (typeof child === 'string' ? child : child.key))).toEqual(['li-0', '\n', 'li-1']);
  });

  it('applies urlTransform to URL attributes only, and drops an attribute it removes', () => {
    const tree = root(h('a', { href: 'javascript:x', title: 'javascript:y' }, text('a')), h('img', { src: 'https://i/x.png', alt: 'https://alt' }));
    const html = renderToStaticMarkup(
      hastToReact(tree, { components: {}, urlTransform: (url, key) => (url.startsWith('javascript:') ? undefined : `${url}#${key}`) }),
    );
    expect(html).toBe('<a title="javascript:y">a</a><img src="https://i/x.png#src" alt="https://alt"/>');
  });

  it('shows raw HTML as text', () => {
    const tree: Root = { type: 'root', children: [h('p', {}, { type: 'raw', value: '<script>alert(1)</script>' })] };
    const html = renderToStaticMarkup(hastToReact(tree, { components: {}, urlTransform: (url) => url }));
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });
});
