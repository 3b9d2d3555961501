import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addTicket, updateTicket } from '@/testing/mocks/db';
import { renderApp } from '@/testing/render-app';

function card(label: string) {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.parentElement as HTMLElement;
}

describe('stats dashboard', () => {
  it('shows totals, resolution times and each breakdown', async () => {
    addTicket({ title: 'One', category: 'billing', priority: 'high' });
    addTicket({ title: 'Two', category: 'billing', status: 'resolved' });
    renderApp('/stats');

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await waitFor(() => expect(card('Total tickets')).toHaveTextContent('2'));
    expect(card('Open tickets')).toHaveTextContent('1');
    expect(card('Median resolution')).toHaveTextContent('—');
    const byCategory = within(screen.getByRole('figure', { name: 'By category' }));
    await waitFor(() => expect(byCategory.getByText('Billing:')).toBeVisible());
    expect(byCategory.getByText('Billing:')).toHaveTextContent('Billing: 2');
    expect(
      within(screen.getByRole('figure', { name: 'By status' })).getByText('Resolved:'),
    ).toHaveTextContent('Resolved: 1');
  });

  it('shows how often agents kept what the AI suggested, per source', async () => {
    addTicket({ title: 'Kept', category: 'billing', priority: 'high', suggestedBy: 'llm' });
    addTicket({ title: 'Corrected', suggestedBy: 'llm' });
    addTicket({ title: 'Local', suggestedBy: 'local' });
    addTicket({ title: 'Unsure', suggestedBy: 'local', suggestedPriority: null });
    addTicket({ title: 'None' });
    updateTicket(2, { category: 'account' });
    renderApp('/stats');

    const section = within(await screen.findByRole('region', { name: 'Does the AI help?' }));
    expect(section.getByText(/4 tickets got a suggestion/)).toBeVisible();
    // The source rows are named by the taxonomy, which arrives on its own.
    await section.findByRole('rowheader', { name: 'Language model' });
    const row = (name: string) =>
      section.getByRole('rowheader', { name }).closest('tr')?.textContent?.replace(/\s+/g, ' ');
    // Abstentions are neither kept nor changed: the kept rates are over suggestions made.
    expect(row('All suggestions')).toBe(
      'All suggestions43 of 4 (75%)3 of 3 (100%)category 0, priority 1',
    );
    expect(row('Language model')).toBe('Language model21 of 2 (50%)2 of 2 (100%)—');
    expect(row('Local model')).toBe('Local model22 of 2 (100%)1 of 1 (100%)category 0, priority 1');
  });

  it('refreshes after a status change made in the app', async () => {
    addTicket({ title: 'Printer on fire' });
    const { user, router, queryClient } = renderApp('/stats');
    await waitFor(() => expect(card('Open tickets')).toHaveTextContent('1'));

    await router.navigate('/tickets/1');
    const status = await screen.findByLabelText('Status');
    await waitFor(() => expect(status).toBeEnabled());
    await user.selectOptions(status, 'closed');
    await waitFor(() => expect(queryClient.getQueryState(['stats'])?.isInvalidated).toBe(true));

    await router.navigate('/stats');
    await waitFor(() => expect(card('Open tickets')).toHaveTextContent('0'));
  });
});
