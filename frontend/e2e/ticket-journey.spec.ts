import { expect, type Page, test } from '@playwright/test';
import { apiSignedInAs, E2E_USER } from './people';
import { expectScreenOk, recordPolicyViolations, saveScreen } from './screens';

async function statValue(page: Page, label: string): Promise<number> {
  const value = page.locator('.stat-card', { hasText: label }).locator('.stat-card__value');
  await expect(value).toBeVisible();
  return Number((await value.textContent())?.replace(/[^\d.]/g, ''));
}

function legendCount(page: Page, chart: string, label: string) {
  return page
    .getByRole('figure', { name: chart })
    .getByRole('listitem')
    .filter({ hasText: `${label}:` });
}

test.describe('ticket journey', () => {
  test.skip(({ isMobile }) => isMobile, 'The journey runs once, at desktop size.');

  test('type a ticket, take the suggestion, find it, resolve it, see the counts change', async ({
    page,
  }, testInfo) => {
    const marker = `zq${Date.now().toString(36)}`;
    const title = `Charged twice ${marker}`;

    // Counts before.
    await page.goto('/stats');
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    const totalBefore = await statValue(page, 'Total tickets');
    const openBefore = await statValue(page, 'Open tickets');

    // Type a ticket; the classifier fills the selects.
    await page.getByRole('link', { name: 'New ticket' }).click();
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.getByLabel('Title').fill(title);
    await form
      .getByLabel('Description')
      .pressSequentially('I was charged twice for my subscription, urgent refund please', {
        delay: 5,
      });
    await expect(form.getByText(/Suggested by the language model/)).toBeVisible();
    await expect(form.getByLabel('Category')).toHaveValue('billing');
    await expect(form.getByLabel('Priority')).toHaveValue('high');
    await expect(form.getByText('Suggested', { exact: true })).toHaveCount(2);
    await saveScreen(page, testInfo, 'new-ticket-suggestion');

    await form.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(form.getByText(/Ticket #\d+ was created/)).toBeVisible();
    await expect(form.getByLabel('Title')).toHaveValue('');
    await page.getByRole('link', { name: 'All tickets' }).click();
    await expect(page.getByRole('link', { name: title })).toBeVisible();

    // Find it with a filter, then a search; both live in the URL.
    const filters = page.getByRole('search', { name: 'Filter tickets' });
    await filters.getByLabel('Category').selectOption('billing');
    await expect(page).toHaveURL(/category=billing/);
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    await filters.getByLabel('Search').fill(marker);
    await expect(page).toHaveURL(new RegExp(`search=${marker}`));
    await expect(page.getByRole('article')).toHaveCount(1);
    await expect(page.getByRole('link', { name: title })).toBeVisible();

    // The back button undoes the search, keeping the category.
    await page.goBack();
    await expect(page).not.toHaveURL(/search=/);
    await expect(filters.getByLabel('Search')).toHaveValue('');
    await expect(filters.getByLabel('Category')).toHaveValue('billing');
    await page.goForward();
    await expect(page.getByRole('article')).toHaveCount(1);

    // Change its status on the detail page; it sticks after a reload.
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    const saved = page.waitForResponse(
      (response) => response.request().method() === 'PATCH' && response.ok(),
    );
    await page.getByLabel('Status').selectOption('resolved');
    await saved;
    await page.reload();
    await expect(page.getByLabel('Status')).toHaveValue('resolved');

    // The dashboard counts it.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => statValue(page, 'Total tickets')).toBe(totalBefore + 1);
    expect(await statValue(page, 'Open tickets')).toBe(openBefore);
    await expect(legendCount(page, 'By category', 'Billing')).toBeVisible();
  });

  test('a change made on a stale copy is refused, rolled back, and Reload shows the current ticket', async ({
    page,
    baseURL,
  }) => {
    const api = await apiSignedInAs(baseURL ?? '', E2E_USER);
    const ticket = await api.post<{ id: number }>('/api/tickets/', {
      title: 'Conflict check',
      description: 'A question about the export feature',
      category: 'general',
      priority: 'low',
    });
    await page.goto(`/tickets/${ticket.id}`);
    await expect(page.getByLabel('Status')).toBeEnabled();

    // Someone else raises the priority while this page shows the old version.
    await api.patch(`/api/tickets/${ticket.id}/`, { priority: 'critical' });
    await api.context.dispose();

    await page.getByLabel('Status').selectOption('closed');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Someone else changed this ticket while you had it open');
    await expect(page.getByLabel('Status')).toHaveValue('open');
    await expect(page.getByLabel('Priority')).toHaveValue('low');

    await alert.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByLabel('Priority')).toHaveValue('critical');
    await expect(page.getByLabel('Status')).toHaveValue('open');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});

test.describe('every screen', () => {
  test('is accessible and fits the viewport', async ({ page }, testInfo) => {
    await recordPolicyViolations(page);
    await page.goto('/new');
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.getByLabel('Title').fill('Screens check');
    await form.getByLabel('Description').fill('The dashboard page is slow to load for everyone');
    await form.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(form.getByText(/was created/)).toBeVisible();

    const screens: Array<[string, string, string]> = [
      ['tickets', '/', 'All tickets'],
      ['ticket-detail', '', 'Screens check'],
      ['new-ticket', '/new', 'New ticket'],
      ['dashboard', '/stats', 'Dashboard'],
      ['not-found', '/no-such-page', 'Page not found'],
    ];
    for (const [screen, url, heading] of screens) {
      if (url) await page.goto(url);
      else await page.getByRole('link', { name: 'Screens check' }).first().click();
      await expect(page.getByRole('heading', { name: heading }).first()).toBeVisible();
      await expectScreenOk(page, testInfo, screen);
      if (screen === 'ticket-detail') await page.goBack();
    }
  });

  test('shows a visible focus ring when tabbing', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    const outline = await skip.evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(outline).not.toBe('none');
  });
});

test.describe('the sign-in screen', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('is accessible, fits the viewport and explains a refused sign-in', async ({
    page,
  }, testInfo) => {
    await recordPolicyViolations(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expectScreenOk(page, testInfo, 'login');

    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Username').fill(E2E_USER.username);
    await form.getByLabel('Password').fill('not-the-password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByRole('alert')).toHaveText('Unknown username or wrong password.');
    await expect(form.getByLabel('Username')).toHaveValue(E2E_USER.username);
    await expectScreenOk(page, testInfo, 'login-error');
  });
});
