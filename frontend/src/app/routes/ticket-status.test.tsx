import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { addTicket, updateTicket, user } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/render-app';

/** A PATCH endpoint that answers only when the test says so. */
function heldPatch(answer: () => Response) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.use(
    http.patch('*/api/tickets/:id/', async () => {
      await released;
      return answer();
    }),
  );
  return release;
}

describe('changing a ticket in place', () => {
  it('shows a status change at once and rolls it back with a message if the server refuses', async () => {
    addTicket({ title: 'VPN drops', status: 'open' });
    const release = heldPatch(() =>
      HttpResponse.json(
        { detail: 'Closed tickets cannot change.', code: 'invalid' },
        { status: 400 },
      ),
    );
    const { user } = renderApp('/');
    const item = within(await screen.findByRole('article'));
    await waitFor(() => expect(item.getByLabelText('Status')).toBeEnabled());

    await user.selectOptions(item.getByLabelText('Status'), 'resolved');
    expect(item.getByLabelText('Status')).toHaveValue('resolved');

    release();
    const alert = await item.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not change status to Resolved: Closed tickets cannot change. It is back to Open.',
    );
    expect(item.getByLabelText('Status')).toHaveValue('open');
  });

  it('keeps an accepted change and sends only the changed field', async () => {
    addTicket({ title: 'VPN drops', status: 'open' });
    const release = heldPatch(() => HttpResponse.json(updateTicket(1, { status: 'in_progress' })));
    const { user } = renderApp('/tickets/1');
    await screen.findByRole('heading', { name: 'VPN drops' });
    await waitFor(() => expect(screen.getByLabelText('Status')).toBeEnabled());

    await user.selectOptions(screen.getByLabelText('Status'), 'in_progress');
    expect(screen.getByLabelText('Status')).toHaveValue('in_progress');
    release();

    await waitFor(() => expect(requestsTo('PATCH', '/api/tickets/1/')).toHaveLength(1));
    const patch = requestsTo('PATCH', '/api/tickets/1/')[0];
    expect(patch?.headers.get('If-Match')).toBe('"1"');
    expect(await patch?.json()).toEqual({ status: 'in_progress' });
    expect(screen.getByLabelText('Status')).toHaveValue('in_progress');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows every field on the detail page and edits category and priority too', async () => {
    addTicket({
      title: 'Refund please',
      description: 'Line one\nLine two',
      category: 'billing',
      priority: 'low',
    });
    const { user } = renderApp('/tickets/1');

    expect(await screen.findByRole('heading', { name: 'Refund please' })).toBeVisible();
    expect(screen.getByText('Ticket #1')).toBeVisible();
    expect(screen.getByText(/Line one\s+Line two/)).toBeVisible();
    expect(screen.getByText('Created')).toBeVisible();
    expect(screen.getByText('Resolved')).toBeVisible();
    await waitFor(() => expect(screen.getByLabelText('Category')).toHaveValue('billing'));

    await user.selectOptions(screen.getByLabelText('Priority'), 'critical');
    await waitFor(() => expect(requestsTo('PATCH', '/api/tickets/1/')).toHaveLength(1));
    expect(await requestsTo('PATCH', '/api/tickets/1/')[0]?.json()).toEqual({
      priority: 'critical',
    });
  });

  it('says so when the ticket does not exist', async () => {
    renderApp('/tickets/999');
    expect(await screen.findByText(/Ticket #999 does not exist/)).toBeVisible();
  });
});

describe('no lost updates', () => {
  it('refuses a change made on a stale copy, rolls it back, and "Reload" shows the current ticket', async () => {
    addTicket({ title: 'VPN drops', status: 'open', priority: 'medium' });
    const { user: person } = renderApp('/tickets/1');
    await screen.findByRole('heading', { name: 'VPN drops' });
    await waitFor(() => expect(screen.getByLabelText('Status')).toBeEnabled());

    // Another agent raises the priority while this page still shows version 1.
    updateTicket(1, { priority: 'critical' }, user('sam'));
    await person.selectOptions(screen.getByLabelText('Status'), 'resolved');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Someone else changed this ticket while you had it open, so your change of status to Resolved was not saved.',
    );
    expect(screen.getByLabelText('Status')).toHaveValue('open');
    expect(screen.getByLabelText('Priority')).toHaveValue('medium');
    expect(requestsTo('PATCH', '/api/tickets/1/')[0]?.headers.get('If-Match')).toBe('"1"');

    await person.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(screen.getByLabelText('Priority')).toHaveValue('critical');
    expect(screen.getByLabelText('Status')).toHaveValue('open');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Status')).toHaveFocus();

    // Now on the current version, the same change goes through.
    await person.selectOptions(screen.getByLabelText('Status'), 'resolved');
    await waitFor(() => expect(requestsTo('PATCH', '/api/tickets/1/')).toHaveLength(2));
    expect(requestsTo('PATCH', '/api/tickets/1/')[1]?.headers.get('If-Match')).toBe('"2"');
    await waitFor(() => expect(screen.getByLabelText('Status')).toHaveValue('resolved'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('assigning a ticket', () => {
  it('assigns to me, to another agent, and back to nobody', async () => {
    addTicket({ title: 'VPN drops' });
    const { user: person } = renderApp('/tickets/1');
    const assignee = await screen.findByLabelText('Assigned to');
    expect(assignee).toHaveValue('');
    expect(screen.getByText('Requested by Maria Lopez')).toBeVisible();

    await person.click(screen.getByRole('button', { name: 'Assign to me' }));
    await waitFor(() => expect(assignee).toHaveValue(String(user('alex').id)));
    expect(await requestsTo('PATCH', '/api/tickets/1/')[0]?.json()).toEqual({
      assignee_id: user('alex').id,
    });
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Assign to me' })).not.toBeInTheDocument(),
    );

    await person.selectOptions(assignee, 'Sam Support');
    await waitFor(() => expect(requestsTo('PATCH', '/api/tickets/1/')).toHaveLength(2));
    expect(await requestsTo('PATCH', '/api/tickets/1/')[1]?.json()).toEqual({
      assignee_id: user('sam').id,
    });
    expect(requestsTo('PATCH', '/api/tickets/1/')[1]?.headers.get('If-Match')).toBe('"2"');

    await person.click(await screen.findByRole('button', { name: 'Unassign' }));
    await waitFor(() => expect(assignee).toHaveValue(''));
    expect(await requestsTo('PATCH', '/api/tickets/1/')[2]?.json()).toEqual({ assignee_id: null });
    expect(
      await within(screen.getByRole('region', { name: 'History' })).findByText(
        /unassigned Sam Support/,
      ),
    ).toBeVisible();
  });
});
