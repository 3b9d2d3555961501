import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { assist } from '@/testing/mocks/assist';
import { addTicket, findTicket, signIn } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { renderApp } from '@/testing/render-app';

async function similar() {
  // The first render of a lazy route can take seconds on a busy machine.
  return within(
    await screen.findByRole('region', { name: 'Similar tickets' }, { timeout: 10_000 }),
  );
}

async function conversation() {
  // The first render of a lazy route can take seconds on a busy machine.
  return within(await screen.findByRole('region', { name: 'Conversation' }, { timeout: 10_000 }));
}

/** An earlier answered ticket, and a new one that reads like it. */
function twoAlikeTickets() {
  const earlier = addTicket({ title: 'Charged twice', status: 'resolved' });
  const ticket = addTicket({ title: 'Double charge', requester: 'tom', language: 'de' });
  assist.similar.set(ticket.id, [
    {
      id: earlier.id,
      title: earlier.title,
      status: 'resolved',
      created_at: earlier.created_at,
      score: 0.83,
      has_public_agent_reply: true,
    },
  ]);
  return { earlier, ticket };
}

describe('assistance on the ticket page', () => {
  it('shows agents the similar earlier tickets with their status and whether they were answered', async () => {
    const { earlier, ticket } = twoAlikeTickets();
    renderApp(`/tickets/${ticket.id}`);
    const link = await (await similar()).findByRole('link', {
      name: `#${earlier.id} Charged twice`,
    });
    expect(link).toHaveAttribute('href', `/tickets/${earlier.id}`);
    expect((await similar()).getByText('83% alike')).toBeVisible();
    expect((await similar()).getByText('Resolved')).toBeVisible();
    expect((await similar()).getByText('Answered')).toBeVisible();
    expect(screen.getByText('German')).toBeVisible(); // the detected language
  });

  it('marks the ticket as a duplicate of a similar one, with a reply to its requester', async () => {
    const { earlier, ticket } = twoAlikeTickets();
    const { user } = renderApp(`/tickets/${ticket.id}`);
    await user.click(
      await (await similar()).findByRole('button', { name: `Mark as duplicate of #${earlier.id}` }),
    );
    await user.type(
      (await similar()).getByLabelText('Reply to the requester (optional)'),
      'Fixed in the other ticket.',
    );
    const confirm = (await similar()).getAllByRole('button', {
      name: `Mark as duplicate of #${earlier.id}`,
    });
    await user.click(confirm[confirm.length - 1] as HTMLElement);
    await waitFor(() => expect(findTicket(ticket.id)?.status).toBe('closed'));
    expect(await requestsTo('POST', `/api/tickets/${ticket.id}/duplicate/`)[0]?.json()).toEqual({
      duplicate_of: earlier.id,
      reply: 'Fixed in the other ticket.',
    });
    expect(await screen.findByRole('link', { name: `#${earlier.id}` })).toBeVisible();
  });

  it('merges the ticket into a similar one', async () => {
    const { earlier, ticket } = twoAlikeTickets();
    const { user } = renderApp(`/tickets/${ticket.id}`);
    await user.click(
      await (await similar()).findByRole('button', { name: `Merge into #${earlier.id}` }),
    );
    const confirm = (await similar()).getAllByRole('button', { name: `Merge into #${earlier.id}` });
    await user.click(confirm[confirm.length - 1] as HTMLElement);
    await waitFor(() =>
      expect(requestsTo('POST', `/api/tickets/${ticket.id}/merge/`)).toHaveLength(1),
    );
    expect(await requestsTo('POST', `/api/tickets/${ticket.id}/merge/`)[0]?.json()).toEqual({
      into: earlier.id,
    });
  });

  it('fills the reply box with a draft, names its source, and records a discard', async () => {
    const { earlier, ticket } = twoAlikeTickets();
    assist.nextDraft = {
      source: 'retrieval',
      body: 'We refunded the second charge.',
      sources: [{ id: earlier.id, title: earlier.title }],
      reason: '',
    };
    const { user } = renderApp(`/tickets/${ticket.id}`);
    await user.click(
      await (await conversation()).findByRole('button', { name: 'Suggest a reply' }),
    );
    const box = (await conversation()).getByRole('textbox', { name: 'Your reply' });
    await waitFor(() => expect(box).toHaveValue('We refunded the second charge.'));
    expect((await conversation()).getByText(/A past reply, from/)).toBeVisible();
    expect((await conversation()).getByRole('link', { name: `#${earlier.id}` })).toBeVisible();
    await user.click((await conversation()).getByRole('button', { name: 'Discard draft' }));
    expect(box).toHaveValue('');
    await waitFor(() =>
      expect(requestsTo('POST', `/api/tickets/${ticket.id}/draft/discard/`)).toHaveLength(1),
    );
    expect(await requestsTo('POST', `/api/tickets/${ticket.id}/draft/discard/`)[0]?.json()).toEqual(
      { draft_id: 1 },
    );
  });

  it('says plainly when no draft fits', async () => {
    const { ticket } = twoAlikeTickets();
    assist.nextDraft = { source: 'none', body: '', sources: [], reason: 'none_fits' };
    const { user } = renderApp(`/tickets/${ticket.id}`);
    await user.click(
      await (await conversation()).findByRole('button', { name: 'Suggest a reply' }),
    );
    expect(
      await (await conversation()).findByText(
        'The language model found no past answer that fits this ticket.',
      ),
    ).toBeVisible();
    expect((await conversation()).getByRole('textbox', { name: 'Your reply' })).toHaveValue('');
  });

  it('summarises the thread on request, or says a summary needs a language model', async () => {
    const { ticket } = twoAlikeTickets();
    const { user } = renderApp(`/tickets/${ticket.id}`);
    await user.click(await screen.findByRole('button', { name: 'Summarise the thread' }));
    expect(
      await screen.findByText(/Summaries need a language model, and none is configured/),
    ).toBeVisible();
  });

  it('shows requesters none of it', async () => {
    const { ticket } = twoAlikeTickets();
    signIn('tom');
    renderApp(`/tickets/${ticket.id}`);
    await screen.findByRole('heading', { name: 'Double charge' });
    expect(screen.queryByRole('region', { name: 'Similar tickets' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suggest a reply' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Summarise the thread' })).not.toBeInTheDocument();
    expect(screen.queryByText('German')).not.toBeInTheDocument();
    expect(requestsTo('GET', `/api/tickets/${ticket.id}/similar/`)).toHaveLength(0);
  });
});
