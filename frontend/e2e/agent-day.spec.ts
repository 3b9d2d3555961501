import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { apiSignedInAs, E2E_USER, person } from './people';
import { expectNoSeriousA11yViolations, saveScreen } from './screens';

test.describe("the agent's day", () => {
  test.skip(({ isMobile }) => isMobile, 'The journey runs once, at desktop size.');

  test('a saved reply with an action, tags, a bulk change, the export and the dashboard', async ({
    page,
    baseURL,
  }, testInfo) => {
    const marker = `zq${Date.now().toString(36)}`;
    const maria = await apiSignedInAs(baseURL ?? '', person('e2e-maria'));
    const first = await maria.post<{ id: number }>('/api/tickets/', {
      title: `Sync fails ${marker}`,
      description: 'The calendar sync stopped working this morning.',
    });
    const second = await maria.post<{ id: number }>('/api/tickets/', {
      title: `Export broken ${marker}`,
      description: 'The export button does nothing.',
    });
    await maria.context.dispose();

    // A saved reply that asks for details and sets the ticket to pending.
    await page.goto('/saved-replies');
    await expect(page.getByRole('heading', { name: 'Saved replies', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'New saved reply' }).click();
    const editor = page.getByRole('form', { name: 'New saved reply' });
    await editor.getByLabel('Title').fill(`Ask for details ${marker}`);
    await editor.getByLabel('Text').fill('Hi {{ requester.name }}, which version do you use?');
    await editor.getByLabel('Set status').selectOption('pending');
    await expectNoSeriousA11yViolations(page);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(
      page.getByRole('heading', { name: new RegExp(`Ask for details ${marker}`) }),
    ).toBeVisible();
    await saveScreen(page, testInfo, 'saved-replies');

    // Insert it from the reply box with the keyboard, and send it.
    await page.goto(`/tickets/${first.id}`);
    const box = page.getByRole('textbox', { name: 'Your reply' });
    await box.click();
    await box.press('/');
    const picker = page.getByRole('combobox', { name: 'Saved replies' });
    await expect(picker).toBeFocused();
    await picker.fill(marker);
    await picker.press('Enter');
    await expect(box).toHaveValue('Hi Maria Lopez, which version do you use?');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByLabel('Status', { exact: true })).toHaveValue('pending');
    await expect(page.getByRole('region', { name: /Service level/ })).toBeVisible();

    // Tag it; the history shows the change.
    await page.getByLabel('Add a tag').fill(`tag-${marker}`);
    await page.getByLabel('Add a tag').press('Enter');
    await expect(page.getByRole('list', { name: 'Tags' }).getByText(`tag-${marker}`)).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'History' }).getByText(`added the tag “tag-${marker}”`),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    // Bulk: both tickets to high priority, found through the search.
    await page.goto(`/?search=${marker}`);
    await page.getByLabel('Select all shown').check();
    const bar = page.getByRole('form', { name: 'Change selected tickets' });
    await bar.getByLabel('Priority').selectOption('high');
    await bar.getByRole('button', { name: 'Apply to 2' }).click();
    await expect(page.getByText('Changed 2 tickets.')).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreen(page, testInfo, 'bulk-change');

    const agent = await apiSignedInAs(baseURL ?? '', E2E_USER);
    for (const id of [first.id, second.id]) {
      const stored = await (await agent.context.get(`/api/tickets/${id}/`)).json();
      expect(stored.priority).toBe('high');
    }
    await agent.context.dispose();

    // The export carries the list's filters.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    // Every field is quoted (no cell can turn into a formula), the header too.
    expect(lines[0]).toContain('"id","title","status","priority"');

    // The dashboard shows the service-level figures.
    await page.goto('/stats');
    await expect(page.getByRole('heading', { name: 'Service levels' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Targets met, by priority' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreen(page, testInfo, 'dashboard-service-levels');
  });
});
