import { render } from '@testing-library/react';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';

const hostile = [
  '<script>window.__pwned = 1</script>',
  '',
  '<img src=x onerror="window.__pwned = 1">',
  '',
  '[click](javascript:window.__pwned=1) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox)',
  '',
  '![img](javascript:alert(1)) <a href="javascript:alert(1)">raw</a> [ok](https://example.com) [rel](/docs)',
].join('\n');

describe('StreamingMarkdown safety', () => {
  for (const streaming of [false, true]) {
    it(`renders hostile markdown inert (streaming: ${streaming})`, () => {
      const { container } = render(<StreamingMarkdown streaming={streaming}>{`${hostile}\n\nend `}</StreamingMarkdown>);
      expect(container.querySelector('script')).toBeNull();
      expect(container.querySelector('[onerror]')).toBeNull();
      for (const element of container.querySelectorAll('[href], [src]')) {
        const url = element.getAttribute('href') ?? element.getAttribute('src') ?? '';
        expect(url).toMatch(/^(https:\/\/example\.com|\/docs)$/);
      }
      expect(container).toHaveTextContent('<script>window.__pwned = 1</script>');
      expect(container.querySelectorAll('img')).toHaveLength(0);
      expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    });
  }

  it('gives absolute links a new tab and rel=noopener noreferrer, relative links neither', () => {
    const { container, rerender } = render(<StreamingMarkdown>{'[ok](https://example.com) [rel](/docs)'}</StreamingMarkdown>);
    const [external, relative] = container.querySelectorAll('a');
    expect(external).toHaveAttribute('target', '_blank');
    expect(external).toHaveAttribute('rel', 'noopener noreferrer');
    expect(relative).not.toHaveAttribute('target');
    rerender(<StreamingMarkdown linkTarget={null}>{'[ok](https://example.com)'}</StreamingMarkdown>);
    expect(container.querySelector('a')).not.toHaveAttribute('target');
    expect(container.querySelector('a')).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('applies urlTransform and then the allow-list', () => {
    const { container } = render(
      <StreamingMarkdown
        allowedProtocols={['https', 'tel']}
        urlTransform={(url) => (url.startsWith('/') ? `https://example.com${url}` : url)}
      >
        {'[a](/docs) [b](tel:+123) [c](http://plain.example) [d](javascript:x)'}
      </StreamingMarkdown>,
    );
    expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/docs',
      'tel:+123',
    ]);
    expect(container).toHaveTextContent('a b c d');
  });
});
