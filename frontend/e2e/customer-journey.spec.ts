import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { expectScreenOk, recordPolicyViolations, saveScreen } from './screens';

/** The text of every mail the SMTP server received for `address`, oldest first, decoded. */
function mailTo(address: string): string[] {
  const folder = process.env.E2E_MAIL_DIR ?? '';
  let names: string[] = [];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
  return names
    .sort()
    .map((name) => readFileSync(path.join(folder, name), 'latin1'))
    .filter((raw) => new RegExp(`^To: .*${address.replace('.', '\\.')}`, 'mi').test(raw))
    .map((raw) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
}

/** The first link to `page` of the web app in a mail's text. */
function linkIn(mail: string, pagePath: string): string {
  const found = mail.match(new RegExp(`https?://[^\\s"<>]*${pagePath}\\?[^\\s"<>]*[^\\s"<>.,]`));
  if (!found) throw new Error(`no ${pagePath} link in the mail:\n${mail.slice(0, 2000)}`);
  return found[0].replaceAll('&amp;', '&');
}

async function ratingsGiven(page: Page): Promise<number> {
  await page.goto('/stats');
  const panel = page.getByRole('region', { name: 'Customer satisfaction' });
  const value = panel.getByText('Ratings given').locator('xpath=following-sibling::dd[1]');
  await expect(value).toBeVisible();
  return Number((await value.textContent())?.replace(/\D/g, '') ?? 'NaN');
}

test.describe('customers without passwords', () => {
  test.skip(({ isMobile }) => isMobile, 'The journey runs once, at desktop size.');

  test('a visitor files a request, follows the mailed link signed in, and rates the answer from the mail', async ({
    browser,
    baseURL,
  }, testInfo) => {
    const marker = `c${Date.now().toString(36)}`;
    const address = `visitor.${marker}@customer.example`;
    const title = `Invoice shows the wrong amount ${marker}`;

    const agentContext = await browser.newContext({
      baseURL: baseURL ?? '',
      storageState: process.env.E2E_STORAGE_STATE ?? '',
    });
    const agent = await agentContext.newPage();
    const ratingsBefore = await ratingsGiven(agent);

    // A visitor, not signed in, files a request through the public form.
    const visitorContext = await browser.newContext({
      baseURL: baseURL ?? '',
      storageState: { cookies: [], origins: [] },
    });
    const visitor = await visitorContext.newPage();
    await visitor.goto('/request');
    const form = visitor.getByRole('form', { name: 'Request' });
    await form.getByLabel('Your name').fill('Vera Visitor');
    await form.getByLabel('Your e-mail address').fill(address);
    await form.getByLabel('Subject').fill(title);
    await form
      .getByLabel('How can we help?')
      .fill('My December invoice charges me twice for one plan.');
    await visitor.waitForTimeout(1200); // a person takes longer than PUBLIC_FORM_MIN_SECONDS (1 here)
    await form.getByRole('button', { name: 'Send request' }).click();
    const accepted = visitor.getByText(/Request #\d+ received/);
    await expect(accepted).toBeVisible();
    const ticketId = Number((await accepted.textContent())?.match(/#(\d+)/)?.[1]);
    await saveScreen(visitor, testInfo, 'public-request-filed');

    // The form token filed that one request; the form fetches a fresh one for the next.
    await visitor.getByRole('button', { name: 'File another request' }).click();
    await form.getByLabel('Your name').fill('Vera Visitor');
    await form.getByLabel('Your e-mail address').fill(address.replace('@', '.2@'));
    await form.getByLabel('Subject').fill('And a second question');
    await form.getByLabel('How can we help?').fill('Can I pay by bank transfer?');
    await visitor.waitForTimeout(1200);
    await form.getByRole('button', { name: 'Send request' }).click();
    const second = visitor.getByText(/Request #\d+ received/);
    await expect(second).toBeVisible();
    expect(Number((await second.textContent())?.match(/#(\d+)/)?.[1])).toBeGreaterThan(ticketId);

    // The acknowledgement arrives with a link that signs the visitor in to the ticket.
    await expect.poll(() => mailTo(address).length).toBe(1);
    const [ack = ''] = mailTo(address);
    expect(ack).toContain(`[#${ticketId}]`);
    await visitor.goto(linkIn(ack, '/sign-in/link'));
    await expect(visitor.getByRole('heading', { name: title })).toBeVisible();
    await expect(visitor).toHaveURL(new RegExp(`/tickets/${ticketId}$`));
    await expect(visitor.getByRole('button', { name: 'Sign out' })).toBeVisible();

    // An agent replies and resolves it.
    await agent.goto(`/tickets/${ticketId}`);
    const conversation = agent.getByRole('region', { name: 'Conversation' });
    await conversation
      .getByRole('textbox', { name: 'Your reply' })
      .fill('We refunded the second charge; it shows within three days.');
    await conversation.getByRole('button', { name: 'Send reply' }).click();
    await expect(conversation.getByText('We refunded the second charge')).toBeVisible();
    const saved = agent.waitForResponse(
      (response) => response.request().method() === 'PATCH' && response.ok(),
    );
    await agent.getByLabel('Status').selectOption('resolved');
    await saved;

    // The resolved mail asks "How did we do?"; one click on Good records it, no sign-in needed.
    await expect.poll(() => mailTo(address).length).toBe(3);
    const resolved = mailTo(address)[2] ?? '';
    expect(resolved).toContain('How did we do?');
    const good = linkIn(resolved, '/rate');
    expect(good).toContain('rating=good');
    const stranger = await (
      await browser.newContext({
        baseURL: baseURL ?? '',
        storageState: { cookies: [], origins: [] },
      })
    ).newPage();
    await stranger.goto(good);
    await expect(stranger.getByText('Thank you: your rating (good) is recorded.')).toBeVisible();
    await expect(stranger.getByRole('button', { name: 'Good' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await saveScreen(stranger, testInfo, 'rating-recorded');

    // The agent sees it on the ticket and its history, and the dashboard counts it.
    await agent.goto(`/tickets/${ticketId}`);
    await expect(agent.getByRole('region', { name: 'History' })).toContainText(
      'rated the resolution good from the resolved mail',
    );
    await expect.poll(() => ratingsGiven(agent)).toBe(ratingsBefore + 1);
    await saveScreen(agent, testInfo, 'dashboard-satisfaction');
  });
});

test.describe('the pages for people who are not signed in', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('are accessible and fit the viewport', async ({ page }, testInfo) => {
    await recordPolicyViolations(page);
    await page.goto('/request');
    await expect(page.getByRole('heading', { name: 'Contact support' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send request' })).toBeVisible();
    await expectScreenOk(page, testInfo, 'public-request');
    await page.goto('/sign-in/link?token=used-up');
    await expect(
      page.getByRole('heading', { name: 'This link does not work any more' }),
    ).toBeVisible();
    await expectScreenOk(page, testInfo, 'sign-in-link-refused');
    await page.goto('/rate?token=not-a-token&rating=good');
    await expect(page.getByText('Could not record your rating')).toBeVisible();
    await expectScreenOk(page, testInfo, 'rating-refused');
  });
});
