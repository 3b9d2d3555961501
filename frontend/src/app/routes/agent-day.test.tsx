import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Sla } from '@/lib/api/types';
import {
  addSavedReply,
  addTicket,
  eventsOf,
  findTicket,
  setServiceLevelStats,
  signIn,
  user,
} from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { renderApp, searchOf } from '@/testing/render-app';

const DUE = '2025-03-01T12:00:00Z';

function sla(overrides: Partial<Sla> = {}): Sla {
  return {
    policy: 'Urgent',
    paused: false,
    first_response: { due: DUE, breached: false, remaining_minutes: 42, state: 'running' },
    next_response: null,
    resolution: { due: DUE, breached: false, remaining_minutes: 400, state: 'running' },
    ...overrides,
  };
}

describe('service levels in the app', () => {
  it('shows the most urgent target on the list and every target on the ticket', async () => {
    addTicket({ title: 'Soon', sla: sla() });
    addTicket({
      title: 'Late',
      sla: sla({
        first_response: { due: DUE, breached: true, remaining_minutes: -75, state: 'running' },
      }),
    });
    renderApp('/');
    expect(await screen.findByText('First response overdue')).toBeVisible();
    expect(screen.getByText('First response in 42 min')).toBeVisible();

    const { router } = renderApp('/tickets/2');
    const panel = within(await screen.findByRole('region', { name: 'Service level: Urgent' }));
    expect(panel.getByText('First response').parentElement).toHaveTextContent(
      /Breached.*1 h 15 min overdue/,
    );
    expect(panel.getByText('Next response').parentElement).toHaveTextContent(
      'no customer reply waiting',
    );
    expect(router.state.location.pathname).toBe('/tickets/2');
  });

  it('filters breached tickets and orders by the next due time, kept in the URL', async () => {
    addTicket({ title: 'Fine', sla: sla() });
    addTicket({
      title: 'Late',
      sla: sla({
        first_response: { due: DUE, breached: true, remaining_minutes: -5, state: 'running' },
      }),
    });
    const { user: person, router } = renderApp('/');
    await screen.findByText('Fine');
    await person.selectOptions(screen.getByLabelText('Service level'), 'breached');
    await waitFor(() => expect(screen.queryByText('Fine')).not.toBeInTheDocument());
    expect(screen.getByText('Late')).toBeVisible();
    await person.selectOptions(screen.getByLabelText('Order'), 'due');
    expect(searchOf(router)).toEqual({ sla: 'breached', ordering: 'due' });
    await waitFor(() =>
      expect(
        requestsTo('GET', '/api/tickets/').some(
          (request) => new URL(request.url).searchParams.get('ordering') === 'due',
        ),
      ).toBe(true),
    );
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/api/tickets/export.csv?sla=breached&ordering=due',
    );
  });

  it('keeps service levels, tags, selection and export away from requesters', async () => {
    signIn('maria');
    addTicket({ title: 'Mine', requester: 'maria' });
    renderApp('/');
    await screen.findByText('Mine');
    expect(screen.queryByLabelText('Service level')).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Export CSV' })).not.toBeInTheDocument();
  });
});

describe('tags', () => {
  it('adds and removes tags on a ticket, each change on the history', async () => {
    addTicket({ title: 'VPN', tags: ['network'] });
    const { user: person } = renderApp('/tickets/1');
    await person.type(await screen.findByLabelText('Add a tag'), 'VIP{Enter}');
    const tags = within(screen.getByRole('list', { name: 'Tags' }));
    expect(await tags.findByText('vip')).toBeVisible();
    await person.click(tags.getByRole('button', { name: 'Remove tag network' }));
    await waitFor(() => expect(findTicket(1)?.tags).toEqual(['vip']));
    expect(eventsOf(1).map((event) => event.kind)).toEqual(
      expect.arrayContaining(['tag_added', 'tag_removed']),
    );
    const history = within(screen.getByRole('region', { name: 'History' }));
    expect(await history.findByText(/removed the tag “network”/)).toBeVisible();
  });
});

describe('bulk changes', () => {
  it('changes the selected tickets at once and reports the result', async () => {
    addTicket({ title: 'One' });
    addTicket({ title: 'Two' });
    addTicket({ title: 'Three' });
    const { user: person } = renderApp('/');
    await person.click(await screen.findByLabelText('Select ticket #1: One'));
    await person.click(screen.getByLabelText('Select ticket #3: Three'));
    const bar = within(screen.getByRole('form', { name: 'Change selected tickets' }));
    expect(bar.getByText('2 selected')).toBeVisible();
    await person.selectOptions(bar.getByLabelText('Status'), 'pending');
    await person.type(bar.getByLabelText('Add tags'), 'outage, vip');
    await person.click(bar.getByRole('button', { name: 'Apply to 2' }));

    expect(await screen.findByText('Changed 2 tickets.')).toBeVisible();
    expect(await requestsTo('POST', '/api/tickets/bulk/')[0]?.json()).toEqual({
      ids: [3, 1],
      changes: { status: 'pending', add_tags: ['outage', 'vip'] },
    });
    expect(findTicket(1)?.status).toBe('pending');
    expect(findTicket(2)?.status).toBe('open');
    expect(screen.queryByRole('form', { name: 'Change selected tickets' })).not.toBeInTheDocument();
  });

  it('selects every shown ticket at once', async () => {
    addTicket({ title: 'One' });
    addTicket({ title: 'Two' });
    const { user: person } = renderApp('/');
    await person.click(await screen.findByLabelText('Select all shown'));
    expect(screen.getByText('2 selected')).toBeVisible();
  });
});

describe('saved replies', () => {
  it('inserts a saved reply from the keyboard and sends it with its actions', async () => {
    addTicket({ title: 'Need logs', requester: 'maria' });
    addSavedReply({ title: 'Thanks', body: 'Thank you!' });
    addSavedReply({
      title: 'Ask for logs',
      body: 'Hi {{ requester.name }}, could you send logs for #{{ ticket.number }}?',
      set_status: 'pending',
    });
    const { user: person } = renderApp('/tickets/1');
    const box = await screen.findByRole('textbox', { name: 'Your reply' });
    await person.type(box, '/');
    const picker = await screen.findByRole('combobox', { name: 'Saved replies' });
    expect(picker).toHaveFocus();
    await person.type(picker, 'logs');
    const options = within(screen.getByRole('listbox', { name: 'Saved replies' }));
    await waitFor(() => expect(options.getAllByRole('option')).toHaveLength(1));
    await person.keyboard('{Enter}');

    await waitFor(() => expect(box).toHaveValue('Hi Maria Lopez, could you send logs for #1?'));
    expect(box).toHaveFocus();
    expect(
      screen.getByText(/Using “Ask for logs”; sending it will also set status to Pending/),
    ).toBeVisible();
    await person.type(box, ' Thanks!');
    await person.click(screen.getByRole('button', { name: 'Send reply' }));

    await waitFor(() => expect(findTicket(1)?.status).toBe('pending'));
    expect(await requestsTo('POST', '/api/saved-replies/2/send/')[0]?.json()).toEqual({
      ticket_id: 1,
      body: 'Hi Maria Lopez, could you send logs for #1? Thanks!',
      internal: false,
    });
    expect(
      await screen.findByText('Hi Maria Lopez, could you send logs for #1? Thanks!'),
    ).toBeVisible();
    expect(box).toHaveValue('');
  });

  it('moves through the list with the arrows and closes with Escape', async () => {
    addTicket({ title: 'T' });
    addSavedReply({ title: 'Alpha', body: 'a' });
    addSavedReply({ title: 'Beta', body: 'b' });
    const { user: person } = renderApp('/tickets/1');
    await person.click(await screen.findByRole('button', { name: 'Saved replies' }));
    const picker = await screen.findByRole('combobox', { name: 'Saved replies' });
    await screen.findByRole('option', { name: /Alpha/ });
    await person.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: /Beta/ })).toHaveAttribute('aria-selected', 'true');
    expect(picker).toHaveAttribute(
      'aria-activedescendant',
      screen.getByRole('option', { name: /Beta/ }).id,
    );
    await person.keyboard('{Escape}');
    expect(screen.queryByRole('combobox', { name: 'Saved replies' })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Your reply' })).toHaveFocus();
  });

  it('lets an agent save a personal reply; only admins may share one', async () => {
    const { user: person } = renderApp('/saved-replies');
    await person.click(await screen.findByRole('button', { name: 'New saved reply' }));
    expect(screen.queryByLabelText('Shared with every agent')).not.toBeInTheDocument();
    await person.type(screen.getByLabelText('Title'), 'Sign-off');
    await person.type(screen.getByLabelText('Text'), 'Cheers, {{{{ agent.name }}');
    await person.selectOptions(screen.getByLabelText('Set status'), 'resolved');
    await person.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('heading', { name: /Sign-off/ })).toBeVisible();
    expect(await requestsTo('POST', '/api/saved-replies/')[0]?.json()).toMatchObject({
      title: 'Sign-off',
      body: 'Cheers, {{ agent.name }}',
      shared: false,
      set_status: 'resolved',
    });
  });

  it('offers admins to share a reply with every agent', async () => {
    signIn('admin');
    const { user: person } = renderApp('/saved-replies');
    await person.click(await screen.findByRole('button', { name: 'New saved reply' }));
    expect(screen.getByLabelText('Shared with every agent')).toBeVisible();
  });

  it('does not offer to edit shared replies to agents', async () => {
    addSavedReply({ title: 'Team answer', body: 'x' });
    addSavedReply({ title: 'Mine', body: 'y', owner: user('alex') });
    renderApp('/saved-replies');
    expect(await screen.findByRole('button', { name: 'Edit Mine' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Edit Team answer' })).not.toBeInTheDocument();
  });
});

describe('the dashboard', () => {
  it('shows first response, the backlog, attainment and breaches per day', async () => {
    const met = { met: 9, breached: 1, attainment: 0.9 };
    const none = { met: 0, breached: 0, attainment: null };
    setServiceLevelStats({
      first_response: { count: 10, avg_hours: 1.5, median_hours: 0.75, p90_hours: 4 },
      sla: {
        attainment: {
          first_response: { critical: none, high: met, medium: none, low: none },
          next_response: { critical: none, high: none, medium: none, low: none },
          resolution: { critical: none, high: none, medium: none, low: none },
        },
        breaches_per_day: [
          { date: '2025-02-28', breaches: 0 },
          { date: '2025-03-01', breaches: 3 },
        ],
      },
      backlog: {
        unresolved: 7,
        by_age: {
          today: 2,
          '1_to_2_days': 1,
          '3_to_6_days': 0,
          '7_to_29_days': 4,
          '30_days_or_more': 0,
        },
        oldest_created_on: '2025-02-10',
      },
    });
    renderApp('/stats');
    const card = (label: string) => screen.getByText(label, { selector: 'dt' }).parentElement;
    await waitFor(() => expect(card('Median first response')).toHaveTextContent('0.8 h'));
    expect(card('Median first response')).toHaveTextContent('90% within 4 h');
    expect(card('Unresolved backlog')).toHaveTextContent('7');
    const table = within(screen.getByRole('table', { name: 'Targets met, by priority' }));
    await table.findByRole('columnheader', { name: 'High' });
    expect(table.getByRole('row', { name: /First response/ })).toHaveTextContent('90% (9 of 10)');
    expect(
      within(screen.getByRole('figure', { name: /Breaches per day/ })).getByText(/Mar 1/),
    ).toHaveTextContent('3');
    expect(
      within(screen.getByRole('figure', { name: /Open backlog by age/ })).getByText(/7–29 days/),
    ).toHaveTextContent('4');
  });
});
