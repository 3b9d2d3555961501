import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { assist } from '@/testing/mocks/assist';
import { addTicket, messagesOf } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { renderApp } from '@/testing/render-app';

async function incidents() {
  // The first render of a lazy route can take seconds on a busy machine.
  return within(await screen.findByRole('region', { name: 'Open incidents' }, { timeout: 10_000 }));
}

function anIncident() {
  const tickets = [1, 2, 3, 4, 5].map((n) => addTicket({ title: `Checkout 502 (${n})` }));
  assist.incidents.push({
    id: 7,
    title: 'Checkout fails with error 502',
    status: 'open',
    first_seen: tickets[0]?.created_at ?? '',
    last_seen: tickets[4]?.created_at ?? '',
    created_at: tickets[4]?.created_at ?? '',
    notified_at: tickets[4]?.created_at ?? '',
    resolved_at: null,
    ticket_count: 5,
    tickets: tickets.map(({ id, title, status, created_at }) => ({
      id,
      title,
      status,
      created_at,
    })),
  });
  return tickets;
}

describe('assistance on the dashboard', () => {
  it('lists open incidents with their tickets and replies to all of them at once', async () => {
    const tickets = anIncident();
    const { user } = renderApp('/stats');
    expect(
      await (await incidents()).findByRole('heading', { name: 'Checkout fails with error 502' }),
    ).toBeVisible();
    expect((await incidents()).getByText(/5 tickets, first/)).toBeVisible();
    expect((await incidents()).getAllByRole('link')).toHaveLength(5);

    await user.click((await incidents()).getByLabelText('Reply to all 5 customers'));
    await user.paste('Fixed, sorry!');
    await user.click((await incidents()).getByRole('button', { name: 'Reply to all and resolve' }));
    expect(
      await (await incidents()).findByText(
        'Replied to 5 tickets of “Checkout fails with error 502”, resolved 5.',
      ),
    ).toBeVisible();
    expect(await requestsTo('POST', '/api/incidents/7/reply/')[0]?.json()).toEqual({
      body: 'Fixed, sorry!',
      resolve: true,
    });
    for (const ticket of tickets)
      expect(messagesOf(ticket.id).map((m) => m.body)).toEqual(['Fixed, sorry!']);
  });

  it('says when there is no incident', async () => {
    renderApp('/stats');
    expect(
      await (await incidents()).findByText('No burst of similar tickets right now.'),
    ).toBeVisible();
  });

  it('shows what agents did with the drafts, per source', async () => {
    Object.assign(assist.draftStats.by_source.llm, {
      offered: 4,
      sent_unchanged: 1,
      edited: 1,
      discarded: 2,
      sent_unchanged_rate: 0.25,
      edited_rate: 0.25,
      discarded_rate: 0.5,
      mean_edit_ratio: 0.1,
    });
    renderApp('/stats');
    const table = within(await screen.findByRole('table', { name: /Do the reply drafts help/ }));
    const row = within(table.getByRole('row', { name: /Language model/ }));
    await waitFor(() => expect(row.getByText('25% (10%)')).toBeVisible());
    expect(row.getByText('50%')).toBeVisible();
  });
});
