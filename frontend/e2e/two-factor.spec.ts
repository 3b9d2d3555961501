import { expect, test } from '@playwright/test';
import { person, signInThroughForm } from './people';
import { expectScreenOk, recordPolicyViolations } from './screens';
import { totp } from './totp';

test.describe('two-factor sign-in', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('an agent turns it on, signs in with a code, and ends a session signed in with a recovery code', async ({
    page,
    browser,
    baseURL,
  }, testInfo) => {
    // The second factor is set up once per account, so each browser project has its own agent.
    const agent = person(testInfo.project.name === 'phone' ? 'e2e-pat' : 'e2e-dana');
    await recordPolicyViolations(page);
    await page.goto('/login');
    await signInThroughForm(page, agent);

    // Set up: the QR code and the key, confirmed with the code the app shows.
    await page.goto('/security');
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await expect(
      page.getByRole('img', { name: 'QR code for your authenticator app' }),
    ).toBeVisible();
    const secret = (await page.locator('.two-factor-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectScreenOk(page, testInfo, 'two-factor-setup');
    await page.getByLabel('Code from your app').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const shown = page.getByRole('region', { name: 'Your recovery codes' });
    await expect(shown.getByRole('listitem')).toHaveCount(10);
    const recoveryCodes = await shown.getByRole('listitem').allTextContents();
    await expectScreenOk(page, testInfo, 'two-factor-recovery-codes');
    await shown.getByRole('button', { name: 'I have saved them' }).click();
    await expect(page.getByText('10 recovery codes left.')).toBeVisible();

    // Signing in again: the password, then the code (the next period's: each code works once).
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Username').fill(agent.username);
    await signIn.getByLabel('Password').fill(agent.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    const codeStep = page.getByRole('form', { name: 'Enter your code' });
    await codeStep.getByLabel('Code').fill('000000');
    await codeStep.getByRole('button', { name: 'Verify' }).click();
    await expect(codeStep.getByRole('alert')).toContainText('That code is not right');
    await expectScreenOk(page, testInfo, 'two-factor-code-step');
    await codeStep.getByLabel('Code').fill(totp(secret, { stepsAhead: 1 }));
    await codeStep.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

    // Another browser signs in with a recovery code ...
    const other = await browser.newContext({
      baseURL: baseURL ?? '',
      storageState: { cookies: [], origins: [] },
      userAgent: 'Other browser (e2e)',
    });
    const otherPage = await other.newPage();
    await otherPage.goto('/login');
    const otherSignIn = otherPage.getByRole('form', { name: 'Sign in' });
    await otherSignIn.getByLabel('Username').fill(agent.username);
    await otherSignIn.getByLabel('Password').fill(agent.password);
    await otherSignIn.getByRole('button', { name: 'Sign in' }).click();
    const otherCode = otherPage.getByRole('form', { name: 'Enter your code' });
    await otherCode.getByLabel('Code').fill(recoveryCodes[0] ?? '');
    await otherCode.getByRole('button', { name: 'Verify' }).click();
    await expect(otherPage.getByRole('button', { name: 'Sign out' })).toBeVisible();

    // ... and the first ends that session from the Security page.
    await page.goto('/security');
    await expect(page.getByText('9 recovery codes left.')).toBeVisible();
    const sessions = page.getByRole('list', { name: 'Your sessions' });
    await expect(sessions.getByText('This browser')).toBeVisible();
    await expectScreenOk(page, testInfo, 'security');
    await sessions.getByRole('button', { name: 'End the session of Other browser (e2e)' }).click();
    await expect(sessions.getByText('Other browser (e2e)')).toHaveCount(0);
    await otherPage.goto('/');
    await expect(otherPage.getByRole('form', { name: 'Sign in' })).toBeVisible();
    await other.close();
  });
});
