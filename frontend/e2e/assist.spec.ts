import { expect, type Page, test } from '@playwright/test';
import { apiSignedInAs, person } from './people';
import { expectNoSeriousA11yViolations, saveScreen } from './screens';

type Created = { id: number };

const OUTAGE = [
  ['Checkout fails with error 502', 'I get a 502 Bad Gateway when I click Pay.'],
  ['Cannot pay - 502 error', 'The payment page shows error 502 since this morning.'],
  ['Error 502 on checkout', 'Every time I try to pay I see 502.'],
  ['Checkout broken', 'Paying for my order fails with a gateway error (502).'],
  ['Store checkout 502', 'Your checkout returns 502 Bad Gateway for me.'],
] as const;

/** Writes as the suite's signed-in agent, through the browser's own session. */
async function agentApi(page: Page, baseURL: string) {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const cookies = await page.context().cookies();
  const token = cookies.find((c) => c.name === 'csrftoken')?.value ?? '';
  const headers = { 'X-CSRFToken': token, Referer: `${baseURL}/` };
  return {
    async post(url: string, data: unknown) {
      const response = await page.request.post(url, { data, headers });
      expect(response.ok(), `POST ${url}: ${await response.text()}`).toBe(true);
    },
    async patch(url: string, data: unknown) {
      const response = await page.request.patch(url, { data, headers });
      expect(response.ok(), `PATCH ${url}: ${await response.text()}`).toBe(true);
    },
  };
}

test.describe('assistance', () => {
  test.skip(({ isMobile }) => isMobile, 'The journey runs once, at desktop size.');

  // Each test walks through several screens of a server running in-process jobs: on a busy
  // machine that takes longer than the default minute.
  test.setTimeout(150_000);

  test('similar tickets, a grounded draft sent, the duplicate closed', async ({
    page,
    baseURL,
  }, testInfo) => {
    const marker = `zq${Date.now().toString(36)}`;
    const agent = await agentApi(page, baseURL ?? '');
    const maria = await apiSignedInAs(baseURL ?? '', person('e2e-maria'));
    const tom = await apiSignedInAs(baseURL ?? '', person('e2e-tom'));
    const earlier = await maria.post<Created>('/api/tickets/', {
      title: `Charged twice for my subscription ${marker}`,
      description: 'My card was billed twice for this month’s plan.',
    });
    const answer = 'We refunded the second charge; it reaches your card in 3 to 5 days.';
    await agent.post(`/api/tickets/${earlier.id}/messages/`, { body: answer });
    await agent.patch(`/api/tickets/${earlier.id}/`, { status: 'resolved' });
    const ticket = await tom.post<Created>('/api/tickets/', {
      title: `Double charge on my card ${marker}`,
      description: 'You charged my credit card twice for one subscription.',
    });

    await page.goto(`/tickets/${ticket.id}`);
    const similar = page.getByRole('region', { name: 'Similar tickets' });
    const row = similar.getByRole('listitem').filter({ hasText: `#${earlier.id}` });
    await expect(row).toBeVisible();
    await expect(row.getByText('Answered')).toBeVisible();
    await expect(row.getByText('Resolved')).toBeVisible();

    // The fake language model drafts from the past reply it was given, citing it.
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('button', { name: 'Suggest a reply' }).click();
    await expect(conversation.getByRole('textbox', { name: 'Your reply' })).toHaveValue(answer);
    await expect(conversation.getByText(/Drafted by the language model from/)).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreen(page, testInfo, 'ticket-similar-and-draft');
    await conversation.getByRole('button', { name: 'Send reply' }).click();
    await expect(conversation.getByRole('listitem').filter({ hasText: answer })).toBeVisible();

    await row.getByRole('button', { name: `Mark as duplicate of #${earlier.id}` }).click();
    await similar
      .getByRole('button', { name: `Mark as duplicate of #${earlier.id}` })
      .last()
      .click();
    await expect(
      page.getByRole('link', { name: `#${earlier.id}`, exact: true }).first(),
    ).toBeVisible();
    await expect(page.getByLabel('Status')).toHaveValue('closed');

    await Promise.all([maria.context.dispose(), tom.context.dispose()]);
  });

  test('five customers report the same outage: one incident, answered and resolved at once', async ({
    page,
    baseURL,
  }, testInfo) => {
    const marker = `zq${Date.now().toString(36)}`;
    const maria = await apiSignedInAs(baseURL ?? '', person('e2e-maria'));
    for (const [title, description] of OUTAGE) {
      await maria.post('/api/tickets/', { title: `${title} ${marker}`, description });
    }
    await page.goto('/stats');
    const incidents = page.getByRole('region', { name: 'Open incidents' });
    const incident = incidents.getByRole('listitem').filter({ hasText: marker }).first();
    await expect(incident).toBeVisible();
    await expect(incident.getByText(/5 tickets, first/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Do the reply drafts help?' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreen(page, testInfo, 'dashboard-incident');

    await incident
      .getByLabel(/Reply to all 5 customers/)
      .fill('The payment provider had an outage; it is fixed.');
    await incident.getByRole('button', { name: 'Reply to all and resolve' }).click();
    await expect(incidents.getByText(/Replied to 5 tickets of .*, resolved 5\./)).toBeVisible({
      timeout: 30_000,
    });
    await maria.context.dispose();
  });
});
