import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addMessage, addTicket, signIn, updateTicket, user } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { renderApp } from '@/testing/render-app';

function conversation() {
  return within(screen.getByRole('region', { name: 'Conversation' }));
}

function history() {
  return within(screen.getByRole('region', { name: 'History' }));
}

/** A ticket from Maria with one reply from Alex and one note between agents. */
function ticketWithThread() {
  const ticket = addTicket({ title: 'VPN drops', requester: 'maria', suggestedBy: 'llm' });
  addMessage(ticket.id, { body: 'Have you tried reconnecting?', author: user('alex') });
  addMessage(ticket.id, {
    body: 'Customer is on the old client.',
    internal: true,
    author: user('sam'),
  });
  return ticket;
}

describe('the conversation on a ticket', () => {
  it('shows agents internal notes, marked as such and set apart from replies', async () => {
    ticketWithThread();
    renderApp('/tickets/1');

    const note = (await screen.findByText('Customer is on the old client.')).closest('li');
    const reply = screen.getByText('Have you tried reconnecting?').closest('li');
    expect(note).toHaveClass('message--internal');
    expect(within(note as HTMLElement).getByText('Internal note')).toBeVisible();
    expect(within(note as HTMLElement).getByRole('heading')).toHaveTextContent(
      /Internal note\s+Sam Support · Agent/,
    );
    expect(reply).not.toHaveClass('message--internal');
    expect(within(reply as HTMLElement).queryByText('Internal note')).not.toBeInTheDocument();
  });

  it('lets an agent write an internal note, sent as internal and shown as a note', async () => {
    ticketWithThread();
    const { user: person } = renderApp('/tickets/1');
    await screen.findByText('Have you tried reconnecting?');

    await person.click(conversation().getByLabelText('Internal note (only agents see it)'));
    const box = conversation().getByRole('textbox', { name: 'Internal note' });
    expect(box).toHaveAccessibleDescription('Only agents will see this note.');
    await person.type(box, 'Escalating to networking.');
    await person.click(conversation().getByRole('button', { name: 'Add internal note' }));

    const note = (await conversation().findByText('Escalating to networking.')).closest('li');
    expect(note).toHaveClass('message--internal');
    expect(await requestsTo('POST', '/api/tickets/1/messages/')[0]?.json()).toEqual({
      body: 'Escalating to networking.',
      internal: true,
    });
    expect(box).toHaveValue('');
    // The history gains an entry for the new note (Sam's was there already).
    await waitFor(() => expect(history().getAllByText(/added an internal note/)).toHaveLength(2));
  });

  it('shows a requester the replies only, without the note box or the history', async () => {
    ticketWithThread();
    signIn('maria');
    const { user: person } = renderApp('/tickets/1');

    expect(await screen.findByText('Have you tried reconnecting?')).toBeVisible();
    expect(screen.queryByText('Customer is on the old client.')).not.toBeInTheDocument();
    expect(screen.queryByText('Internal note')).not.toBeInTheDocument();
    expect(conversation().queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'History' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Status')).not.toBeInTheDocument();
    expect(requestsTo('GET', '/api/tickets/1/events/')).toHaveLength(0);

    await person.type(conversation().getByLabelText('Your reply'), 'Yes, twice.');
    await person.click(conversation().getByRole('button', { name: 'Send reply' }));
    expect(await conversation().findByText('Yes, twice.')).toBeVisible();
    expect(await requestsTo('POST', '/api/tickets/1/messages/')[0]?.json()).toEqual({
      body: 'Yes, twice.',
      internal: false,
    });
  });

  it("tells a requester another requester's ticket does not exist", async () => {
    addTicket({ title: 'Tom’s secret', requester: 'tom' });
    signIn('maria');
    renderApp('/tickets/1');
    expect(await screen.findByText(/Ticket #1 does not exist/)).toBeVisible();
    expect(screen.queryByText('Tom’s secret')).not.toBeInTheDocument();
  });
});

describe('the history of a ticket', () => {
  it('says who did what, naming the triage engine and its model', async () => {
    ticketWithThread();
    updateTicket(1, { assignee_id: user('sam').id }, user('alex'));
    updateTicket(1, { status: 'in_progress' }, user('sam'));
    renderApp('/tickets/1');

    const timeline = within(await screen.findByRole('region', { name: 'History' }));
    const entries = await timeline.findAllByRole('listitem');
    const texts = entries.map((entry) => entry.textContent?.replace(/\s+/g, ' ') ?? '');
    expect(texts[0]).toMatch(/^Maria Lopez created the ticket/);
    expect(texts[1]).toMatch(
      /^Triage engine \(language model\) suggested General, Medium \(confidence 87%\)/,
    );
    expect(texts[2]).toMatch(/^Alex Agent replied/);
    expect(texts[3]).toMatch(/^Sam Support added an internal note/);
    await waitFor(() =>
      expect(timeline.getByText(/assigned the ticket to Sam Support/)).toBeVisible(),
    );
    expect(timeline.getByText(/changed status from Open to In progress/)).toBeVisible();
  });
});
