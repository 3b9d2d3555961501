import { expect, type Page, test } from '@playwright/test';
import { saveScreen } from './screens';

test.use({ storageState: { cookies: [], origins: [] } });

/** Through the provider's own sign-in and consent pages, as `login` (any password works there). */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test.describe('single sign-on', () => {
  test.skip(({ isMobile }) => isMobile, 'The journey runs once, at desktop size.');

  test.beforeEach(async ({ context }) => {
    // The provider's development pages ask for a web font; nothing leaves this machine.
    await context.route(
      (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) => route.abort(),
    );
  });

  test('an agent clicks "Sign in with Corp SSO", signs in at the provider and lands on the page asked for', async ({
    page,
  }, testInfo) => {
    await page.goto('/new');
    await expect(page).toHaveURL(/\/login\?next=%2Fnew$/);
    await saveScreen(page, testInfo, 'sign-in-with-sso');
    await page.getByRole('link', { name: 'Sign in with Corp SSO' }).click();

    await signInAtProvider(page, 'sasha-at-idp');

    await expect(page).toHaveURL(/\/new$/);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    const session = await page.request.get('/api/auth/session/');
    expect(await session.json()).toMatchObject({ username: 'sasha', role: 'agent' });
  });

  test('someone the provider gives no Support Desk role is told so on the sign-in screen', async ({
    page,
  }, testInfo) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Corp SSO' }).click();

    await signInAtProvider(page, 'otto-at-idp');

    await expect(page).toHaveURL(/\/login\?sso_error=no_access$/);
    await expect(page.getByRole('alert')).toContainText(
      'Your account at the sign-in service does not give you access to Support Desk.',
    );
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await saveScreen(page, testInfo, 'sign-in-with-sso-refused');
  });
});
