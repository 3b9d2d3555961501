import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signOut } from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { configureSso } from '@/testing/mocks/sso';
import { renderApp } from '@/testing/render-app';

describe('single sign-on on the sign-in screen', () => {
  it('offers no button while the server has no provider', async () => {
    signOut();
    renderApp('/login');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    await screen.findByRole('form', { name: 'Sign in' });
    expect(requestsTo('GET', '/api/auth/oidc/')).not.toHaveLength(0);
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
  });

  it('leads to the provider through the server, keeping the page asked for', async () => {
    signOut();
    configureSso('Corp SSO');
    renderApp(`/login?next=${encodeURIComponent('/tickets/7')}`);

    const button = await screen.findByRole('link', { name: 'Sign in with Corp SSO' });
    expect(button).toHaveAttribute('href', '/api/auth/oidc/start/?next=%2Ftickets%2F7');
  });

  it('never hands the server a next that leaves the site', async () => {
    signOut();
    configureSso('Corp SSO');
    renderApp(`/login?next=${encodeURIComponent('//evil.example/')}`);

    const button = await screen.findByRole('link', { name: 'Sign in with Corp SSO' });
    expect(button).toHaveAttribute('href', '/api/auth/oidc/start/');
  });

  it('says why a sign-in through the provider failed', async () => {
    signOut();
    configureSso('Corp SSO');
    renderApp('/login?sso_error=no_access');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your account at the sign-in service does not give you access to Support Desk.',
    );
  });

  it('has a sentence for a reason it does not know', async () => {
    signOut();
    renderApp('/login?sso_error=%3Cscript%3E');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Single sign-on did not work. Please try again.',
    );
  });
});
