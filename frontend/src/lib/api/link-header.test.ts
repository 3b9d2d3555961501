import { describe, expect, it } from 'vitest';
import { nextCursor, nextLinkUrl } from './link-header';

describe('Link header', () => {
  it('finds the next URL among several links', () => {
    const header =
      '<https://desk.example/api/tickets/?cursor=abc>; rel="prev", <https://desk.example/api/tickets/?cursor=xyz&status=open>; rel="next"';
    expect(nextLinkUrl(header)).toBe('https://desk.example/api/tickets/?cursor=xyz&status=open');
    expect(nextCursor(header)).toBe('xyz');
  });

  it('accepts an unquoted rel and a rel with several values', () => {
    expect(nextLinkUrl('</api/tickets/?cursor=1>; rel=next')).toBe('/api/tickets/?cursor=1');
    expect(nextLinkUrl('</api/tickets/?cursor=2>; rel="next last"')).toBe('/api/tickets/?cursor=2');
  });

  it('is null on the last page', () => {
    expect(nextCursor(null)).toBeNull();
    expect(nextCursor('</api/tickets/?cursor=1>; rel="prev"')).toBeNull();
  });
});
