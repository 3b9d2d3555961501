import { expect, test } from '@playwright/test';
import { apiSignedInAs, person, signInThroughForm } from './people';
import { expectNoSeriousA11yViolations, saveScreen } from './screens';

test.describe('requesters and agents', () => {
  test.skip(({ isMobile }) => isMobile, 'The journey runs once, at desktop size.');
  // Maria signs in herself; the agent gets the suite's signed-in session below.
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a requester sees only her tickets and the replies; the agent assigns, notes and replies', async ({
    page,
    browser,
    baseURL,
  }, testInfo) => {
    const marker = `zq${Date.now().toString(36)}`;
    const maria = person('e2e-maria');

    // Tom has a ticket of his own that Maria must not reach.
    const tom = await apiSignedInAs(baseURL ?? '', person('e2e-tom'));
    const tomsTicket = await tom.post<{ id: number }>('/api/tickets/', {
      title: `Tom's laptop ${marker}`,
      description: 'My laptop will not start after the update.',
    });
    await tom.context.dispose();

    // Maria asks for the new-ticket form, signs in, and comes back to it.
    await page.goto('/new');
    await expect(page).toHaveURL(/\/login\?next=%2Fnew$/);
    await signInThroughForm(page, maria);
    await expect(page).toHaveURL(/\/new$/);
    const banner = page.getByRole('banner');
    await expect(banner.getByText('Maria Lopez')).toBeVisible();
    await expect(banner.getByText('Customer')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText([
      'My tickets',
      'New ticket',
      'Settings',
      'Security',
    ]);

    const title = `Invoice shows the wrong amount ${marker}`;
    const form = page.getByRole('form', { name: 'New ticket' });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Description').fill('My invoice this month was charged twice.');
    await form.getByRole('button', { name: 'Submit ticket' }).click();
    await form.getByRole('link', { name: /Open ticket #\d+/ }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    const ticketUrl = new URL(page.url()).pathname;

    // Another requester's ticket does not exist for her, even by its address.
    await page.goto(`/tickets/${tomsTicket.id}`);
    await expect(page.getByText(`Ticket #${tomsTicket.id} does not exist.`)).toBeVisible();
    await expect(page.getByText(`Tom's laptop ${marker}`)).toHaveCount(0);

    // The agent, in a browser of his own, takes the ticket, notes and replies.
    const agentContext = await browser.newContext({
      baseURL: baseURL ?? '',
      storageState: process.env.E2E_STORAGE_STATE ?? '',
    });
    const agent = await agentContext.newPage();
    await agent.goto(ticketUrl);
    await expect(agent.getByText('Requested by Maria Lopez')).toBeVisible();
    await agent.getByRole('button', { name: 'Assign to me' }).click();
    const history = agent.getByRole('region', { name: 'History' });
    await expect(history).toContainText('assigned the ticket to Alex Agent');
    await expect(history).toContainText('Triage engine (language model) suggested');

    const conversation = agent.getByRole('region', { name: 'Conversation' });
    await conversation.getByLabel('Internal note (only agents see it)').check();
    await conversation
      .getByLabel('Internal note', { exact: true })
      .fill('Duplicate charge, refund it.');
    await conversation.getByRole('button', { name: 'Add internal note' }).click();
    const note = conversation.getByRole('listitem').filter({ hasText: 'Duplicate charge' });
    await expect(note.getByText('Internal note')).toBeVisible();

    await conversation.getByLabel('Internal note (only agents see it)').uncheck();
    await conversation.getByLabel('Your reply').fill('Sorry about that, the refund is on its way.');
    await conversation.getByRole('button', { name: 'Send reply' }).click();
    const reply = conversation.getByRole('listitem').filter({ hasText: 'refund is on its way' });
    await expect(reply).toBeVisible();
    await expect(reply.getByText('Internal note')).toHaveCount(0);
    await expect(history).toContainText('added an internal note');
    await expect(history).toContainText('Alex Agent replied');
    await expectNoSeriousA11yViolations(agent);
    await saveScreen(agent, testInfo, 'ticket-thread-agent');
    await agentContext.close();

    // Maria sees the reply and who handles her ticket, never the note or the history.
    await page.goto(ticketUrl);
    await expect(page.getByText('Sorry about that, the refund is on its way.')).toBeVisible();
    await expect(page.getByText('Duplicate charge, refund it.')).toHaveCount(0);
    await expect(page.getByText('Internal note')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'History' })).toHaveCount(0);
    await expect(page.getByLabel('Status')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);
    await saveScreen(page, testInfo, 'ticket-thread-requester');

    // Signing out ends the session: the ticket asks for sign-in again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto(ticketUrl);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
