import { sanitizeUrl } from '../../../src/markdown/engine/sanitizeUrl';

describe('sanitizeUrl', () => {
  it('allows http, https, mailto and relative URLs', () => {
    for (const url of ['https://example.com/a?b#c', 'HTTP://x', 'mailto:a@b.c', '/docs', 'docs/a:b', '#top', '?q=1', '//cdn.example.com/x']) {
      expect(sanitizeUrl(url)).toBe(url);
    }
  });

  it('blocks javascript:, data:, vbscript: and unknown schemes, however they are disguised', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ]) {
      expect(sanitizeUrl(url)).toBeNull();
    }
  });

  it('follows a custom allow-list', () => {
    expect(sanitizeUrl('tel:+123', ['tel'])).toBe('tel:+123');
    expect(sanitizeUrl('https://x', ['tel'])).toBeNull();
  });
});
