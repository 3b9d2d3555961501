/**
 * The URL of the `rel="next"` link in an RFC 8288 `Link` header, or null.
 * Handles several comma-separated links and quoted or unquoted rel values.
 */
export function nextLinkUrl(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const [, url, params = ''] = match;
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(params)?.[1];
    if (url && rel?.split(/\s+/).includes('next')) return url;
  }
  return null;
}

/**
 * The `cursor` query parameter of the next page. Only the cursor is taken from the
 * absolute URL: the same origin-relative endpoint is called again, so a proxy or a
 * different host name in the server's URL cannot send the request elsewhere.
 */
export function nextCursor(header: string | null): string | null {
  const url = nextLinkUrl(header);
  if (!url) return null;
  return new URL(url, 'http://localhost').searchParams.get('cursor');
}
