/** The URL schemes allowed in links and images by default. Relative URLs are always allowed. */
export const DEFAULT_ALLOWED_PROTOCOLS: readonly string[] = ['http', 'https', 'mailto'];

/**
 * Returns `url` when it is relative or its scheme is in `allowedProtocols`
 * (case-insensitive, without the colon), else `null`. Tabs, newlines and control
 * characters, which browsers ignore inside a scheme, are ignored here too, so
 * `java\tscript:` is caught.
 *
 * @example sanitizeUrl('javascript:alert(1)') // null
 * @example sanitizeUrl('/docs#intro') // '/docs#intro'
 */
export function sanitizeUrl(
  url: string,
  allowedProtocols: readonly string[] = DEFAULT_ALLOWED_PROTOCOLS,
): string | null {
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '');
  const colon = compact.indexOf(':');
  if (colon === -1) return url;
  const stop = compact.search(/[/?#]/);
  if (stop !== -1 && stop < colon) return url;
  const scheme = compact.slice(0, colon).toLowerCase();
  return allowedProtocols.some((allowed) => allowed.toLowerCase() === scheme) ? url : null;
}
