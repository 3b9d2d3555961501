import { expect, type Page, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, saveScreen } from './screens';

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
    await page.getByRole('link', { name: 'Tickets', exact: true }).click();
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

  test('a refused status change is rolled back with a message', async ({ page }) => {
    await page.goto('/');
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.getByLabel('Title').fill('Rollback check');
    await form.getByLabel('Description').fill('A question about the export feature');
    await form.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(form.getByText(/was created/)).toBeVisible();

    // The server is made to refuse, as a conflicting change would.
    await page.route('**/api/tickets/*/', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 409,
            json: { detail: 'Someone else changed this ticket.', code: 'conflict' },
          })
        : route.fallback(),
    );
    const item = page.getByRole('article').filter({ hasText: 'Rollback check' }).first();
    await item.getByLabel('Status').selectOption('closed');
    await expect(item.getByRole('alert')).toContainText('Someone else changed this ticket.');
    await expect(item.getByLabel('Status')).toHaveValue('open');
  });
});

test.describe('every screen', () => {
  test('is accessible and fits the viewport', async ({ page }, testInfo) => {
    await page.goto('/');
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.getByLabel('Title').fill('Screens check');
    await form.getByLabel('Description').fill('The dashboard page is slow to load for everyone');
    await form.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(page.getByRole('link', { name: 'Screens check' }).first()).toBeVisible();

    const screens: Array<[string, string, string]> = [
      ['tickets', '/', 'All tickets'],
      ['ticket-detail', '', 'Screens check'],
      ['dashboard', '/stats', 'Dashboard'],
      ['not-found', '/no-such-page', 'Page not found'],
    ];
    for (const [screen, url, heading] of screens) {
      if (url) await page.goto(url);
      else await page.getByRole('link', { name: 'Screens check' }).first().click();
      await expect(page.getByRole('heading', { name: heading }).first()).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${screen} scrolls sideways`).toBeLessThanOrEqual(0);
      await saveScreen(page, testInfo, screen);
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
