import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { addTicket, PASSWORD, signIn, signOut } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/render-app';

function loginForm() {
  return within(screen.getByRole('form', { name: 'Sign in' }));
}

function mainNav() {
  return within(screen.getByRole('navigation', { name: 'Main' }));
}

describe('signing in', () => {
  it('sends a visitor without a session to sign in, then back to the page they asked for', async () => {
    signOut();
    addTicket({ title: 'Printer jammed' });
    const { user, router } = renderApp('/tickets/1');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/tickets/1')}`);
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();

    await user.type(loginForm().getByLabelText('Username'), 'alex');
    await user.type(loginForm().getByLabelText('Password'), PASSWORD);
    await user.click(loginForm().getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Printer jammed' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/tickets/1');
    expect(await requestsTo('POST', '/api/auth/login/')[0]?.json()).toEqual({
      username: 'alex',
      password: PASSWORD,
    });
  });

  it('says when the username or password is wrong and keeps what was typed', async () => {
    signOut();
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('Username'), 'alex');
    await user.type(loginForm().getByLabelText('Password'), 'wrong');
    await user.click(loginForm().getByRole('button', { name: 'Sign in' }));

    expect(await loginForm().findByRole('alert')).toHaveTextContent(
      'Unknown username or wrong password.',
    );
    expect(loginForm().getByLabelText('Username')).toHaveValue('alex');
    expect(loginForm().getByLabelText('Password')).toHaveValue('wrong');
  });

  it('asks for both fields before sending anything', async () => {
    signOut();
    const { user } = renderApp('/login');
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    expect(loginForm().getByLabelText('Username')).toHaveAccessibleDescription(
      'Enter your username.',
    );
    expect(loginForm().getByLabelText('Password')).toHaveAccessibleDescription(
      'Enter your password.',
    );
    expect(loginForm().getByLabelText('Username')).toHaveFocus();
    expect(requestsTo('POST', '/api/auth/login/')).toHaveLength(0);
  });

  it('tells the user how long to wait when sign-in attempts are throttled', async () => {
    signOut();
    server.use(
      http.post('*/api/auth/login/', () =>
        HttpResponse.json(
          { detail: 'Request was throttled.', code: 'throttled' },
          { status: 429, headers: { 'Retry-After': '42' } },
        ),
      ),
    );
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('Username'), 'alex');
    await user.type(loginForm().getByLabelText('Password'), PASSWORD);
    await user.click(loginForm().getByRole('button', { name: 'Sign in' }));

    expect(await loginForm().findByRole('alert')).toHaveTextContent(
      'Too many sign-in attempts. Please wait 42 seconds, then try again.',
    );
    expect(loginForm().getByLabelText('Password')).toHaveValue(PASSWORD);
  });

  it('shows who is signed in, and signing out returns to the sign-in screen', async () => {
    const { user, router } = renderApp('/unassigned');
    const banner = within(screen.getByRole('banner'));
    expect(await banner.findByText('Alex Agent')).toBeVisible();
    expect(banner.getByText('Agent')).toBeVisible();

    await user.click(banner.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('');
    expect(banner.queryByText('Alex Agent')).not.toBeInTheDocument();
    const logout = requestsTo('POST', '/api/auth/logout/')[0];
    expect(logout?.headers.get('Content-Type')).toBe('application/json');
  });
});

describe('navigation by role', () => {
  it('gives agents every queue and the dashboard', async () => {
    renderApp('/');
    await screen.findByRole('navigation', { name: 'Main' });
    expect(
      mainNav()
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'All tickets',
      'My tickets',
      'Unassigned',
      'New ticket',
      'Saved replies',
      'Dashboard',
      'Settings',
      'Security',
    ]);
  });

  it('lists only tickets assigned to the agent under "My tickets", and nobody\'s under "Unassigned"', async () => {
    addTicket({ title: 'Mine', assignee: 'alex' });
    addTicket({ title: 'Sam has it', assignee: 'sam' });
    addTicket({ title: 'Nobody yet' });
    const { user } = renderApp('/');
    expect(await screen.findByRole('link', { name: 'Sam has it' })).toBeVisible();

    await user.click(mainNav().getByRole('link', { name: 'My tickets' }));
    expect(await screen.findByRole('heading', { name: 'My tickets' })).toBeVisible();
    await waitFor(() =>
      expect(screen.getAllByRole('article').map((item) => item.textContent)).toEqual([
        expect.stringContaining('Mine'),
      ]),
    );
    expect(screen.getByText(/Assigned to Alex Agent/)).toBeVisible();

    await user.click(mainNav().getByRole('link', { name: 'Unassigned' }));
    expect(await screen.findByRole('heading', { name: 'Unassigned tickets' })).toBeVisible();
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(1));
    expect(screen.getByRole('link', { name: 'Nobody yet' })).toBeVisible();
  });

  it('gives requesters their own tickets and the new-ticket form only', async () => {
    signIn('maria');
    addTicket({ title: 'My printer', requester: 'maria' });
    addTicket({ title: 'Tom’s laptop', requester: 'tom' });
    renderApp('/');

    expect(await screen.findByRole('heading', { name: 'My tickets' })).toBeVisible();
    expect(
      mainNav()
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['My tickets', 'New ticket', 'Settings', 'Security']);
    expect(within(screen.getByRole('banner')).getByText('Customer')).toBeVisible();
    expect(await screen.findByRole('link', { name: 'My printer' })).toBeVisible();
    expect(screen.queryByText('Tom’s laptop')).not.toBeInTheDocument();
    // A requester reads the status; only agents change it.
    const item = within(screen.getByRole('article'));
    expect(item.queryByLabelText('Status')).not.toBeInTheDocument();
    expect(item.getByText('Open')).toBeVisible();
  });

  it('sends a requester who opens an agents-only address to their tickets', async () => {
    signIn('maria');
    const { router } = renderApp('/stats');
    expect(await screen.findByRole('heading', { name: 'My tickets' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/');
    expect(requestsTo('GET', '/api/tickets/stats/')).toHaveLength(0);
  });
});
