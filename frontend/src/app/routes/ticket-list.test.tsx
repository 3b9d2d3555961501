import { act, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { addTicket, seedTickets } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp, searchOf } from '@/testing/render-app';

function listRequests() {
  return requestsTo('GET', '/api/tickets/').map((request) =>
    Object.fromEntries(new URL(request.url).searchParams),
  );
}

function filters() {
  return within(screen.getByRole('search', { name: 'Filter tickets' }));
}

/** The filter bar, once the session check has let the list render. */
async function filterBar() {
  return within(await screen.findByRole('search', { name: 'Filter tickets' }));
}

describe('ticket list', () => {
  it('shows tickets newest first with their details', async () => {
    addTicket({
      title: 'Older',
      description: 'x'.repeat(400),
      category: 'billing',
      priority: 'low',
    });
    addTicket({ title: 'Newer', category: 'account', priority: 'critical', status: 'in_progress' });
    renderApp('/');

    const items = await screen.findAllByRole('article');
    expect(items.map((item) => within(item).getByRole('heading').textContent)).toEqual([
      'Newer',
      'Older',
    ]);
    const older = within(items[1] as HTMLElement);
    expect(older.getByText('Billing')).toBeVisible();
    expect(older.getByText('Low')).toBeVisible();
    expect(older.getByText(/^x+…$/).textContent?.length).toBeLessThan(200);
    expect(within(items[0] as HTMLElement).getByLabelText('Status')).toHaveValue('in_progress');
  });

  it('reads the filters from the URL and sends them to the API', async () => {
    renderApp('/?category=billing&status=open&search=refund');

    await waitFor(() => expect(filters().getByLabelText('Category')).toHaveValue('billing'));
    expect(filters().getByLabelText('Status')).toHaveValue('open');
    expect(filters().getByLabelText('Search')).toHaveValue('refund');
    expect(listRequests()).toContainEqual(
      expect.objectContaining({ category: 'billing', status: 'open', search: 'refund' }),
    );
  });

  it('puts a changed filter in the URL, and the back button restores the previous one', async () => {
    addTicket({ title: 'Payment failed', category: 'billing' });
    addTicket({ title: 'App crash', category: 'technical' });
    const { user, router } = renderApp('/');
    await screen.findByText('App crash');

    await user.selectOptions(filters().getByLabelText('Category'), 'billing');
    expect(searchOf(router)).toEqual({ category: 'billing' });
    await waitFor(() => expect(screen.queryByText('App crash')).not.toBeInTheDocument());
    expect(screen.getByText('Payment failed')).toBeVisible();

    await act(() => router.navigate(-1));
    expect(searchOf(router)).toEqual({});
    expect(filters().getByLabelText('Category')).toHaveValue('');
    expect(await screen.findByText('App crash')).toBeVisible();
  });

  it('updates the URL from the search box once typing pauses', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { user, router } = renderApp('/', { fakeTimers: true });
    const search = (await filterBar()).getByLabelText('Search');

    await user.type(search, 'login');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(299);
    });
    expect(searchOf(router)).toEqual({});

    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(searchOf(router)).toEqual({ search: 'login' });
    await waitFor(() =>
      expect(listRequests()).toContainEqual(expect.objectContaining({ search: 'login' })),
    );
    // One history entry for the whole word, not one per letter.
    await act(() => router.navigate(-1));
    expect(search).toHaveValue('');
  });

  it('clears every filter at once', async () => {
    const { user, router } = renderApp('/?priority=high&search=vpn');
    await user.click((await filterBar()).getByRole('button', { name: 'Clear filters' }));
    expect(searchOf(router)).toEqual({});
    expect(filters().getByLabelText('Search')).toHaveValue('');
  });

  it('loads further pages through the Link header', async () => {
    seedTickets(25);
    const { user } = renderApp('/');

    expect(await screen.findAllByRole('article')).toHaveLength(20);
    await user.click(screen.getByRole('button', { name: 'Load more tickets' }));

    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(25));
    expect(screen.queryByRole('button', { name: 'Load more tickets' })).not.toBeInTheDocument();
    expect(listRequests().at(-1)).toEqual({ page_size: '20', cursor: '20' });
  });

  it('says when nothing matches the filters', async () => {
    addTicket({ title: 'Something' });
    renderApp('/?category=billing');
    expect(await screen.findByText('No tickets match these filters.')).toBeVisible();
  });

  it('shows the error and retries on request', async () => {
    server.use(
      http.get('*/api/tickets/', () =>
        HttpResponse.json(
          { detail: 'Database is down.', code: 'service_unavailable' },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp('/');
    expect(await screen.findByText('Database is down.')).toBeVisible();

    server.resetHandlers();
    addTicket({ title: 'Back again' });
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Back again')).toBeVisible();
  });
});
