import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mailSignInLink, resolveAndAsk, setPublicRequestsEnabled } from '@/testing/mocks/customers';
import { addTicket, signIn, signOut } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { renderApp } from '@/testing/render-app';

describe('the public request form', () => {
  it('files a request without signing in, with the form token and an empty honeypot, and no triage', async () => {
    signOut();
    const { user } = renderApp('/request');
    const form = within(await screen.findByRole('form', { name: 'Request' }));
    await user.type(form.getByLabelText('Your name'), 'Lena Fischer');
    await user.type(form.getByLabelText(/Your e-mail address/), 'lena@example.org');
    await user.type(form.getByLabelText('Subject'), 'Invoice is wrong');
    await user.type(
      form.getByLabelText('How can we help?'),
      'My invoice charges me twice this month.',
    );
    await user.click(form.getByRole('button', { name: 'Send request' }));

    expect(await screen.findByText(/Request #1 received/)).toBeVisible();
    expect(await requestsTo('POST', '/api/public/tickets/')[0]?.json()).toEqual({
      name: 'Lena Fischer',
      email: 'lena@example.org',
      title: 'Invoice is wrong',
      description: 'My invoice charges me twice this month.',
      website: '',
      form_token: 'form-token-1',
    });
    // The engine's suggestions are for signed-in people only.
    expect(requestsTo('POST', '/api/tickets/classify/')).toHaveLength(0);
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
  });

  it('fetches a fresh form token after a request, so another one can be filed', async () => {
    signOut();
    const { user } = renderApp('/request');
    for (const title of ['Invoice is wrong', 'And the address too']) {
      const form = within(await screen.findByRole('form', { name: 'Request' }));
      await user.type(form.getByLabelText('Your name'), 'Lena Fischer');
      await user.type(form.getByLabelText(/Your e-mail address/), 'lena@example.org');
      await user.type(form.getByLabelText('Subject'), title);
      await user.type(form.getByLabelText('How can we help?'), 'Please look into it.');
      await waitFor(() => expect(form.getByRole('button', { name: 'Send request' })).toBeEnabled());
      await user.click(form.getByRole('button', { name: 'Send request' }));
      expect(await screen.findByText(/Request #\d+ received/)).toBeVisible();
      const another = screen.getByRole('button', { name: 'File another request' });
      await waitFor(() => expect(another).toBeEnabled());
      await user.click(another);
    }
    const sent = await Promise.all(requestsTo('POST', '/api/public/tickets/').map((r) => r.json()));
    expect(sent.map((body) => body.form_token)).toEqual(['form-token-1', 'form-token-2']);
    expect(screen.queryByText(/already sent/)).not.toBeInTheDocument();
  });

  it('asks for the missing fields before sending', async () => {
    signOut();
    const { user } = renderApp('/request');
    const form = within(await screen.findByRole('form', { name: 'Request' }));
    await user.click(form.getByRole('button', { name: 'Send request' }));
    expect(form.getByText('Enter your e-mail address.')).toBeVisible();
    expect(requestsTo('POST', '/api/public/tickets/')).toHaveLength(0);
  });

  it('says so when the form is turned off', async () => {
    signOut();
    setPublicRequestsEnabled(false);
    renderApp('/request');
    expect(await screen.findByText(/Requests through this form are turned off/)).toBeVisible();
    expect(screen.queryByRole('form', { name: 'Request' })).not.toBeInTheDocument();
  });
});

describe('signing in with a link', () => {
  it('offers "E-mail me a link" beside the password form', async () => {
    signOut();
    const { user } = renderApp('/login?next=%2Ftickets%2F3');
    const form = within(await screen.findByRole('form', { name: 'E-mail me a link' }));
    await user.type(form.getByLabelText('E-mail address'), 'maria@customer.test');
    await user.click(form.getByRole('button', { name: 'E-mail me a link' }));
    expect(await form.findByText(/a sign-in link is on its way/)).toBeVisible();
    expect(await requestsTo('POST', '/api/auth/magic-link/')[0]?.json()).toEqual({
      email: 'maria@customer.test',
      next: '/tickets/3',
    });
  });

  it("follows a mail's link to the ticket, signed in", async () => {
    signOut();
    addTicket({ title: 'Printer jammed', requester: 'maria' });
    const token = mailSignInLink('maria', '/tickets/1');
    const { router } = renderApp(`/sign-in/link?token=${token}`);
    expect(await screen.findByRole('heading', { name: 'Printer jammed' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/tickets/1');
    expect(requestsTo('POST', '/api/auth/magic-link/sign-in/')).toHaveLength(1);
  });

  it('explains a used or expired link and offers a new one', async () => {
    signOut();
    renderApp('/sign-in/link?token=used-up');
    expect(await screen.findByText(/expired or was already used/)).toBeVisible();
    expect(screen.getByRole('form', { name: 'E-mail me a link' })).toBeVisible();
  });
});

describe('How did we do?', () => {
  it('records the click from the mail, then lets the customer change it and comment', async () => {
    signOut();
    const ticket = addTicket({ title: 'VPN drops', requester: 'maria' });
    const token = resolveAndAsk(ticket.id);
    const { user } = renderApp(`/rate?token=${token}&rating=good`);

    expect(await screen.findByText(/your rating \(good\) is recorded/)).toBeVisible();
    expect(
      screen.getByRole('heading', { name: `Your feedback on request #${ticket.id}` }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Good' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: 'Bad' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Bad' })).toHaveAttribute('aria-pressed', 'true'),
    );
    await user.type(screen.getByLabelText('Anything to add? (optional)'), 'Dropped again.');
    await user.click(screen.getByRole('button', { name: 'Save comment' }));
    await waitFor(() => expect(requestsTo('POST', '/api/public/ratings/')).toHaveLength(3));
    const bodies = await Promise.all(
      requestsTo('POST', '/api/public/ratings/').map((r) => r.json()),
    );
    expect(bodies).toEqual([
      { token, rating: 'good' },
      { token, rating: 'bad' },
      { token, rating: 'bad', comment: 'Dropped again.' },
    ]);
  });

  it("asks the requester on their resolved ticket's page", async () => {
    signIn('maria');
    const ticket = addTicket({ title: 'VPN drops', requester: 'maria' });
    resolveAndAsk(ticket.id);
    const { user } = renderApp(`/tickets/${ticket.id}`);
    await user.click(await screen.findByRole('button', { name: 'Good' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Good' })).toHaveAttribute('aria-pressed', 'true'),
    );
    expect(await requestsTo('PUT', `/api/tickets/${ticket.id}/satisfaction/`)[0]?.json()).toEqual({
      rating: 'good',
    });
  });

  it('shows agents the rating and the dashboard its share', async () => {
    const ticket = addTicket({ title: 'VPN drops', requester: 'maria', assignee: 'alex' });
    resolveAndAsk(ticket.id);
    signIn('maria');
    const first = renderApp(`/tickets/${ticket.id}`);
    await first.user.click(await screen.findByRole('button', { name: 'Good' }));
    await waitFor(() =>
      expect(requestsTo('PUT', `/api/tickets/${ticket.id}/satisfaction/`)).toHaveLength(1),
    );
    first.unmount();

    signIn('alex');
    const second = renderApp(`/tickets/${ticket.id}`);
    expect(await screen.findByText('Good')).toBeVisible();
    second.unmount();
    renderApp('/stats');
    const panel = within(await screen.findByRole('region', { name: 'Customer satisfaction' }));
    expect(panel.getByText('Rated good').nextElementSibling).toHaveTextContent('100%');
    expect(panel.getByText('Response rate').nextElementSibling).toHaveTextContent('100%');
  });
});

describe('the ticket list', () => {
  it("filters by the requester's rating", async () => {
    const rated = addTicket({ title: 'VPN drops', requester: 'maria' });
    addTicket({ title: 'Printer jammed', requester: 'maria' });
    resolveAndAsk(rated.id);
    signIn('maria');
    const rating = renderApp(`/tickets/${rated.id}`);
    await rating.user.click(await screen.findByRole('button', { name: 'Bad' }));
    await waitFor(() =>
      expect(requestsTo('PUT', `/api/tickets/${rated.id}/satisfaction/`)).toHaveLength(1),
    );
    rating.unmount();

    signIn('alex');
    const { user, router } = renderApp('/');
    await user.selectOptions(await screen.findByLabelText('Satisfaction'), 'bad');
    await waitFor(() => expect(router.state.location.search).toBe('?rating=bad'));
    expect(await screen.findByRole('link', { name: 'VPN drops' })).toBeVisible();
    await waitFor(() =>
      expect(screen.queryByRole('link', { name: 'Printer jammed' })).not.toBeInTheDocument(),
    );
  });
});
