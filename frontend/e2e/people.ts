import { type APIRequestContext, expect, type Page, request } from '@playwright/test';

/** The agent every test is signed in as unless it says otherwise. */
export const E2E_USER = { username: 'e2e-agent', password: 'e2e-agent-password-1' };

/** Everyone the suite signs in as, created by the global setup. */
export const E2E_PEOPLE = [
  { ...E2E_USER, role: 'agent', first: 'Alex', last: 'Agent' },
  {
    username: 'e2e-maria',
    password: 'e2e-maria-password-1',
    role: 'requester',
    first: 'Maria',
    last: 'Lopez',
  },
  {
    username: 'e2e-tom',
    password: 'e2e-tom-password-1',
    role: 'requester',
    first: 'Tom',
    last: 'Baker',
  },
  // Agents who turn on two-factor sign-in: one per browser project, as it is set up once.
  {
    username: 'e2e-dana',
    password: 'e2e-dana-password-1',
    role: 'agent',
    first: 'Dana',
    last: 'Desk',
  },
  {
    username: 'e2e-pat',
    password: 'e2e-pat-password-1',
    role: 'agent',
    first: 'Pat',
    last: 'Phone',
  },
] as const;

/** The client registered at the suite's OpenID Connect provider. */
export const E2E_OIDC_CLIENT = {
  id: 'support-desk-e2e',
  secret: 'e2e-oidc-client-secret-0123456789',
};

/** People at that provider (the login typed on its page is their subject), with their claims. */
export const E2E_OIDC_ACCOUNTS = {
  'sasha-at-idp': {
    email: 'sasha@corp.example',
    email_verified: true,
    given_name: 'Sasha',
    family_name: 'Stone',
    preferred_username: 'sasha',
    roles: ['support-desk-agent'],
  },
  'otto-at-idp': {
    email: 'otto@corp.example',
    email_verified: true,
    given_name: 'Otto',
    roles: ['wiki-editor'],
  },
};

export type E2ePerson = { username: string; password: string };

export function person(username: string): E2ePerson {
  const found = E2E_PEOPLE.find((candidate) => candidate.username === username);
  if (!found) throw new Error(`No e2e user ${username}.`);
  return found;
}

/** Signs in through the login screen, as a person would. */
export async function signInThroughForm(page: Page, who: E2ePerson): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Username').fill(who.username);
  await form.getByLabel('Password').fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** The CSRF cookie's current value; Django rotates it at sign-in, so read it for every write. */
async function csrfToken(context: APIRequestContext): Promise<string> {
  const { cookies } = await context.storageState();
  return cookies.find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
}

/** An API session for `who`, for arranging data a test is not about. */
export async function apiSignedInAs(baseURL: string, who: E2ePerson) {
  // A context of its own, never the test's signed-in storage state: signing someone else in
  // on the suite's session cookie would end that session for every later test.
  const context = await request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  // This call sets the CSRF cookie that the login post must echo.
  await context.get('/api/auth/session/');
  const headers = async () => ({ 'X-CSRFToken': await csrfToken(context), Referer: `${baseURL}/` });
  const login = await context.post('/api/auth/login/', {
    data: { username: who.username, password: who.password },
    headers: await headers(),
  });
  if (!login.ok()) throw new Error(`Signing in failed: ${login.status()} ${await login.text()}`);
  return {
    context,
    async post<T>(url: string, data: unknown): Promise<T> {
      const response = await context.post(url, { data, headers: await headers() });
      expect(response.ok(), `POST ${url}: ${await response.text()}`).toBe(true);
      return (await response.json()) as T;
    },
    async patch<T>(url: string, data: unknown): Promise<T> {
      const response = await context.patch(url, { data, headers: await headers() });
      expect(response.ok(), `PATCH ${url}: ${await response.text()}`).toBe(true);
      return (await response.json()) as T;
    },
  };
}
