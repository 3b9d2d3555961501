import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PASSWORD, signIn, signOut } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import {
  APP_CODE,
  enableTwoFactor,
  oweSecondFactor,
  setSignInSessions,
  signInSessions,
} from '@/testing/mocks/security';
import { renderApp } from '@/testing/render-app';

function form(name: string) {
  return within(screen.getByRole('form', { name }));
}

async function signInWithPassword(user: ReturnType<typeof renderApp>['user'], username: string) {
  await user.type(await screen.findByLabelText('Username'), username);
  await user.type(form('Sign in').getByLabelText('Password'), PASSWORD);
  await user.click(form('Sign in').getByRole('button', { name: 'Sign in' }));
}

describe('two-factor sign-in', () => {
  it('asks a staff member for the code after the password, and signs in with it', async () => {
    signOut();
    enableTwoFactor('alex');
    const { user, router } = renderApp('/login');
    await signInWithPassword(user, 'alex');

    const code = await screen.findByRole('form', { name: 'Enter your code' });
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    await user.type(within(code).getByLabelText('Code'), '000000');
    await user.click(within(code).getByRole('button', { name: 'Verify' }));
    expect(await within(code).findByRole('alert')).toHaveTextContent(
      'That code is not right, or it was already used.',
    );

    await user.clear(within(code).getByLabelText('Code'));
    await user.type(within(code).getByLabelText('Code'), APP_CODE);
    await user.click(within(code).getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/');
    expect(await requestsTo('POST', '/api/auth/login/verify/')[1]?.json()).toEqual({
      code: APP_CODE,
    });
  });

  it('takes a recovery code instead of the app code', async () => {
    signOut();
    enableTwoFactor('alex', ['abcde-fghij']);
    const { user } = renderApp('/login');
    await signInWithPassword(user, 'alex');
    const code = await screen.findByRole('form', { name: 'Enter your code' });
    expect(within(code).getByLabelText('Code')).toHaveAccessibleDescription(
      'Lost your phone? Enter one of your recovery codes instead.',
    );
    await user.type(within(code).getByLabelText('Code'), 'abcde-fghij');
    await user.click(within(code).getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeVisible();
  });

  it('goes back to the password from the code step', async () => {
    signOut();
    enableTwoFactor('alex');
    const { user } = renderApp('/login');
    await signInWithPassword(user, 'alex');
    await user.click(
      within(await screen.findByRole('form', { name: 'Enter your code' })).getByRole('button', {
        name: 'Back',
      }),
    );
    expect(form('Sign in').getByLabelText('Password')).toHaveValue('');
  });

  it('signs customers in with the password alone', async () => {
    signOut();
    const { user } = renderApp('/login');
    await signInWithPassword(user, 'maria');
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(requestsTo('POST', '/api/auth/login/verify/')).toHaveLength(0);
  });

  it('asks for the code when a session came in another way and still owes it', async () => {
    oweSecondFactor('verify');
    renderApp('/tickets/1');
    expect(await screen.findByRole('form', { name: 'Enter your code' })).toBeVisible();
  });
});

describe('the Security page', () => {
  it('sets up the authenticator with a code and shows the recovery codes once', async () => {
    const { user } = renderApp('/security');
    await user.click(await screen.findByRole('button', { name: 'Set up two-factor sign-in' }));

    expect(
      await screen.findByRole('img', { name: 'QR code for your authenticator app' }),
    ).toHaveAttribute('src', expect.stringMatching(/^data:image\/svg\+xml/));
    expect(screen.getByText('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBeVisible();

    await user.type(screen.getByLabelText('Code from your app'), '999999');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByLabelText('Code from your app')).toHaveAccessibleDescription(
      'That code is not right, or it was already used.',
    );

    await user.clear(screen.getByLabelText('Code from your app'));
    await user.type(screen.getByLabelText('Code from your app'), APP_CODE);
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    const codes = await screen.findByRole('region', { name: 'Your recovery codes' });
    expect(
      within(codes)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['eeeee-fffff', 'ggggg-hhhhh']);

    await user.click(within(codes).getByRole('button', { name: 'I have saved them' }));
    expect(await screen.findByText(/2 recovery codes left/)).toBeVisible();
    expect(screen.queryByText('eeeee-fffff')).not.toBeInTheDocument();
  });

  it('replaces the recovery codes and turns it off, each with a code', async () => {
    enableTwoFactor('alex', ['aaaaa-bbbbb']);
    const { user } = renderApp('/security');
    const field = await screen.findByLabelText('Code from your app (or a recovery code)');
    await user.type(field, APP_CODE);
    await user.click(screen.getByRole('button', { name: 'New recovery codes' }));
    const codes = await screen.findByRole('region', { name: 'Your recovery codes' });
    expect(within(codes).getByText('iiiii-jjjjj')).toBeVisible();
    await user.click(within(codes).getByRole('button', { name: 'I have saved them' }));

    await user.type(
      await screen.findByLabelText('Code from your app (or a recovery code)'),
      APP_CODE,
    );
    await user.click(screen.getByRole('button', { name: 'Turn off' }));
    expect(await screen.findByRole('button', { name: 'Set up two-factor sign-in' })).toBeVisible();
  });

  it('keeps a staff member who must set it up on this page, without the way to turn it off', async () => {
    oweSecondFactor('setup', { isRequired: true });
    const { user, router } = renderApp('/stats');
    expect(
      await screen.findByText('Two-factor sign-in is required for staff. Set it up to continue.'),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe('/security');

    await user.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));
    await user.type(await screen.findByLabelText('Code from your app'), APP_CODE);
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    await user.click(await screen.findByRole('button', { name: 'I have saved them' }));
    expect(await screen.findByText(/recovery codes left/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Turn off' })).not.toBeInTheDocument();
    // Nothing is owed any more: the rest of the app opens.
    await router.navigate('/stats');
    await waitFor(() => expect(router.state.location.pathname).toBe('/stats'));
  });

  it('offers no two-factor set-up to customers, only their sessions', async () => {
    signIn('maria');
    renderApp('/security');
    expect(await screen.findByRole('heading', { name: 'Where you are signed in' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Two-factor sign-in' })).not.toBeInTheDocument();
  });

  it('lists the sessions, ends one, and signs out everywhere else', async () => {
    setSignInSessions([
      {
        id: 1,
        created_at: '2025-03-01T08:00:00Z',
        last_seen_at: '2025-03-01T09:00:00Z',
        ip_address: '198.51.100.1',
        user_agent: 'Firefox on the laptop',
        current: true,
      },
      {
        id: 2,
        created_at: '2025-02-20T08:00:00Z',
        last_seen_at: '2025-02-28T09:00:00Z',
        ip_address: '198.51.100.2',
        user_agent: 'Safari on the phone',
        current: false,
      },
      {
        id: 3,
        created_at: '2025-02-10T08:00:00Z',
        last_seen_at: '2025-02-11T09:00:00Z',
        ip_address: null,
        user_agent: 'Chrome at the office',
        current: false,
      },
    ]);
    const { user } = renderApp('/security');
    const table = await screen.findByRole('list', { name: 'Your sessions' });
    expect(within(table).getAllByRole('listitem')).toHaveLength(3);
    expect(within(table).getByText('This browser')).toBeVisible();

    await user.click(
      within(table).getByRole('button', { name: 'End the session of Safari on the phone' }),
    );
    await waitFor(() => expect(screen.queryByText('Safari on the phone')).not.toBeInTheDocument());
    expect(requestsTo('DELETE', '/api/auth/sessions/2/')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Sign out everywhere else' }));
    expect(await screen.findByText('Signed out of 1 other session.')).toBeVisible();
    expect(signInSessions().map((row) => row.id)).toEqual([1]);
    await waitFor(() => expect(screen.queryByText('Chrome at the office')).not.toBeInTheDocument());
  });
});
