import { render } from '@testing-library/react';
import type { Components, UrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { PluggableList } from 'unified';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';

/**
 * chatwire declares its own markdown option types (react-markdown is not a dependency), so
 * objects typed with react-markdown's and unified's types must still be accepted as they are:
 * this file type-checks only while they fit, and renders with them.
 */
describe('StreamingMarkdown with react-markdown and unified types', () => {
  it('takes react-markdown Components, UrlTransform and unified plugins unchanged', () => {
    const components: Components = { em: ({ node: _node, ...props }) => <i data-from="react-markdown" {...props} /> };
    const urlTransform: UrlTransform = (url, key, node) => (node.tagName === 'a' && key === 'href' ? `${url}?via=rm` : url);
    const remarkPlugins: PluggableList = [remarkGfm];
    const { container } = render(
      <StreamingMarkdown components={components} urlTransform={urlTransform} remarkPlugins={remarkPlugins}>
        {'*hi* [x](https://example.com) ~~gone~~'}
      </StreamingMarkdown>,
    );
    expect(container.querySelector('i[data-from="react-markdown"]')).toHaveTextContent('hi');
    expect(container.querySelector('a')).toHaveAttribute('href', 'https://example.com?via=rm');
    expect(container.querySelector('del')).toHaveTextContent('gone');
  });
});
