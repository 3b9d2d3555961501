import { screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { requestsTo } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/render-app';
import { api } from './client';

describe('API client', () => {
  it('sends the CSRF token on unsafe methods only, with same-origin credentials', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: jsdom has no Cookie Store API
    document.cookie = 'csrftoken=token-123';
    await api.POST('/api/tickets/classify/', { body: { description: 'x'.repeat(30) } });
    await api.GET('/api/taxonomy/');

    const post = requestsTo('POST', '/api/tickets/classify/')[0];
    expect(post?.headers.get('X-CSRFToken')).toBe('token-123');
    expect(post?.credentials).toBe('same-origin');
    expect(requestsTo('GET', '/api/taxonomy/')[0]?.headers.get('X-CSRFToken')).toBeNull();
  });

  it.each([
    [401, { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' }],
    [403, { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' }],
  ])(
    'sends the user to sign in when the API answers %i for a missing session',
    async (status, body) => {
      server.use(http.get('*/api/tickets/', () => HttpResponse.json(body, { status })));
      const { router } = renderApp('/?status=open');
      expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
      expect(router.state.location.pathname).toBe('/login');
      expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/?status=open')}`);
    },
  );

  it('does not ask to sign in for a plain permission refusal', async () => {
    server.use(
      http.get('*/api/tickets/', () =>
        HttpResponse.json({ detail: 'Not allowed.', code: 'permission_denied' }, { status: 403 }),
      ),
    );
    renderApp('/');
    expect(await screen.findByText('Not allowed.')).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Sign in' })).not.toBeInTheDocument();
  });
});
