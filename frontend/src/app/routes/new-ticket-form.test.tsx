import { act, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { ClassifyResult } from '@/lib/api/types';
import { classifyByKeywords, requestsTo } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/render-app';

const LONG_DESCRIPTION = 'The app crashes when I open settings';

function form() {
  return within(screen.getByRole('form', { name: 'New ticket' }));
}

/** The form, once the session check has let the page render. */
async function loadedForm() {
  return within(await screen.findByRole('form', { name: 'New ticket' }));
}

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

/** A classify endpoint whose answers the test releases one by one. */
function controllableClassifier() {
  const calls: Array<{
    description: string;
    signal: AbortSignal;
    respond: (result: ClassifyResult) => void;
  }> = [];
  server.use(
    http.post('*/api/tickets/classify/', async ({ request }) => {
      const { description } = (await request.json()) as { description: string };
      const result = await new Promise<ClassifyResult>((resolve) => {
        calls.push({ description, signal: request.signal, respond: resolve });
      });
      return HttpResponse.json(result);
    }),
  );
  return calls;
}

describe('new ticket form: classification', () => {
  it('asks for a suggestion only after 800 ms without typing, from 20 characters on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { user } = renderApp('/new', { fakeTimers: true });
    const description = (await loadedForm()).getByLabelText('Description');

    await user.type(description, 'Too short');
    await advance(2000);
    expect(requestsTo('POST', '/api/tickets/classify/')).toHaveLength(0);

    await user.type(description, ' but now long enough');
    await advance(799);
    expect(requestsTo('POST', '/api/tickets/classify/')).toHaveLength(0);

    await advance(1);
    await waitFor(() => expect(requestsTo('POST', '/api/tickets/classify/')).toHaveLength(1));
    const body = await requestsTo('POST', '/api/tickets/classify/')[0]?.json();
    expect(body).toEqual({ description: 'Too short but now long enough' });
  });

  it('fills category and priority, marked as a suggestion from the language model', async () => {
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Description'), LONG_DESCRIPTION);

    await waitFor(() => expect(form().getByLabelText('Category')).toHaveValue('technical'), {
      timeout: 3000,
    });
    expect(form().getByLabelText('Priority')).toHaveValue('high');
    expect(form().getAllByText('Suggested')).toHaveLength(2);
    expect(form().getByText(/Suggested by the language model \(confidence 87%\)/)).toBeVisible();
  });

  it('names the local model and leaves out a null confidence', async () => {
    server.use(
      http.post('*/api/tickets/classify/', () =>
        HttpResponse.json({
          suggested_category: 'account',
          suggested_priority: 'low',
          llm_available: false,
          source: 'local',
          confidence: null,
        }),
      ),
    );
    const { user } = renderApp('/new');
    await user.type(
      (await loadedForm()).getByLabelText('Description'),
      'I cannot log in to my account',
    );

    expect(
      await form().findByText(/Suggested by the local model:/, {}, { timeout: 3000 }),
    ).toBeVisible();
    expect(form().queryByText(/confidence/)).not.toBeInTheDocument();
    await waitFor(() => expect(form().getByLabelText('Category')).toHaveValue('account'));
  });

  it('shows a spinner while the classifier thinks', async () => {
    const calls = controllableClassifier();
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Description'), LONG_DESCRIPTION);

    expect(
      await form().findByRole('img', { name: /getting a suggestion/i }, { timeout: 3000 }),
    ).toBeVisible();
    act(() => calls[0]?.respond(classifyByKeywords(LONG_DESCRIPTION)));
    await waitFor(() =>
      expect(form().queryByRole('img', { name: /getting a suggestion/i })).not.toBeInTheDocument(),
    );
  });

  it('never overwrites a field the user chose by hand', async () => {
    const calls = controllableClassifier();
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Description'), LONG_DESCRIPTION);
    await waitFor(() => expect(calls).toHaveLength(1), { timeout: 3000 });

    // The user picks a category while the suggestion is on its way.
    await user.selectOptions(form().getByLabelText('Category'), 'billing');
    act(() => calls[0]?.respond({ ...classifyByKeywords(''), suggested_category: 'technical' }));

    await waitFor(() => expect(form().getByLabelText('Priority')).toHaveValue('high'));
    expect(form().getByLabelText('Category')).toHaveValue('billing');
    expect(form().getAllByText('Suggested')).toHaveLength(1);

    // A later suggestion still leaves it alone.
    await user.type(form().getByLabelText('Description'), ' and the invoice is wrong');
    await waitFor(() => expect(calls).toHaveLength(2), { timeout: 3000 });
    act(() =>
      calls[1]?.respond({
        ...classifyByKeywords(''),
        suggested_category: 'account',
        suggested_priority: 'low',
      }),
    );
    await waitFor(() => expect(form().getByLabelText('Priority')).toHaveValue('low'));
    expect(form().getByLabelText('Category')).toHaveValue('billing');
  });

  it('cancels a stale classify request when the user types again', async () => {
    const calls = controllableClassifier();
    const { user } = renderApp('/new');
    const description = (await loadedForm()).getByLabelText('Description');
    await user.type(description, 'My invoice is wrong this month');
    await waitFor(() => expect(calls).toHaveLength(1), { timeout: 3000 });

    await user.type(description, ' and the site is down');
    expect(calls[0]?.signal.aborted).toBe(true);
    await waitFor(() => expect(calls).toHaveLength(2), { timeout: 3000 });
    expect(calls[1]?.description).toBe('My invoice is wrong this month and the site is down');

    // The stale answer arriving late changes nothing; only the current one applies.
    act(() => calls[0]?.respond({ ...classifyByKeywords(''), suggested_category: 'general' }));
    act(() => calls[1]?.respond({ ...classifyByKeywords(''), suggested_category: 'account' }));
    await waitFor(() => expect(form().getByLabelText('Category')).toHaveValue('account'));
  });

  it('works as before when classification is unavailable', async () => {
    server.use(
      http.post('*/api/tickets/classify/', () =>
        HttpResponse.json({
          suggested_category: null,
          suggested_priority: null,
          llm_available: false,
          source: null,
          confidence: null,
        }),
      ),
    );
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Title'), 'Broken export');
    await user.type(form().getByLabelText('Description'), LONG_DESCRIPTION);

    expect(
      await form().findByText(
        'AI suggestion unavailable — please select manually.',
        {},
        { timeout: 3000 },
      ),
    ).toBeVisible();
    expect(form().getByLabelText('Category')).toHaveValue('');
    await user.selectOptions(form().getByLabelText('Category'), 'technical');
    await user.click(form().getByRole('button', { name: 'Submit ticket' }));

    expect(await form().findByText(/Ticket #1 was created/)).toBeVisible();
    const body = await requestsTo('POST', '/api/tickets/')[0]?.json();
    expect(body).toEqual({
      title: 'Broken export',
      description: LONG_DESCRIPTION,
      category: 'technical',
    });
  });
});

/** A local-model answer that suggests a category but no priority (it abstained on it). */
function abstainingOnPriority(): ClassifyResult {
  return {
    suggested_category: 'technical',
    suggested_priority: null,
    llm_available: false,
    source: 'local',
    confidence: 0.91,
    priority_confidence: 0.34,
  };
}

describe('new ticket form: no suggestion', () => {
  it('says "no suggestion" for an abstained priority and leaves it to the server default', async () => {
    server.use(
      http.post('*/api/tickets/classify/', () => HttpResponse.json(abstainingOnPriority())),
    );
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Title'), 'Export broken');
    await user.type(form().getByLabelText('Description'), LONG_DESCRIPTION);

    expect(
      await form().findByText(
        /Suggested by the local model \(confidence 91%\): Technical, no priority suggestion\./,
        {},
        { timeout: 3000 },
      ),
    ).toBeVisible();
    // The form applies the answer in an effect after the status line renders.
    await waitFor(() => expect(form().getByLabelText('Category')).toHaveValue('technical'));
    expect(form().getByLabelText('Priority')).toHaveValue('');
    expect(form().getAllByText('No suggestion')).toHaveLength(1);
    expect(form().getAllByText('Suggested')).toHaveLength(1);

    await user.click(form().getByRole('button', { name: 'Submit ticket' }));
    expect(await form().findByText(/Ticket #1 was created/)).toBeVisible();
    const body = await requestsTo('POST', '/api/tickets/')[0]?.json();
    expect(body).toEqual({
      title: 'Export broken',
      description: LONG_DESCRIPTION,
      category: 'technical',
    });
  });

  it("keeps the user's priority when the classifier has no suggestion for it", async () => {
    const calls = controllableClassifier();
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Description'), LONG_DESCRIPTION);
    await waitFor(() => expect(calls).toHaveLength(1), { timeout: 3000 });

    await user.selectOptions(form().getByLabelText('Priority'), 'critical');
    act(() => calls[0]?.respond(abstainingOnPriority()));

    await waitFor(() => expect(form().getByLabelText('Category')).toHaveValue('technical'));
    expect(form().getByLabelText('Priority')).toHaveValue('critical');
    expect(form().queryByText('No suggestion')).not.toBeInTheDocument();
    expect(form().getByText(/no priority suggestion/)).toBeVisible();
  });

  it('clears an earlier suggested priority when the next answer has none', async () => {
    const calls = controllableClassifier();
    const { user } = renderApp('/new');
    const description = (await loadedForm()).getByLabelText('Description');
    await user.type(description, LONG_DESCRIPTION);
    await waitFor(() => expect(calls).toHaveLength(1), { timeout: 3000 });
    act(() => calls[0]?.respond(classifyByKeywords(LONG_DESCRIPTION)));
    await waitFor(() => expect(form().getByLabelText('Priority')).toHaveValue('high'));

    await user.type(description, ' but only on one of my laptops');
    await waitFor(() => expect(calls).toHaveLength(2), { timeout: 3000 });
    act(() => calls[1]?.respond(abstainingOnPriority()));

    await waitFor(() => expect(form().getByLabelText('Priority')).toHaveValue(''));
    expect(form().getByText('No suggestion')).toBeVisible();
    expect(form().getByLabelText('Category')).toHaveValue('technical');
  });

  it('tells a classifier that abstained on both labels apart from one that is unavailable', async () => {
    server.use(
      http.post('*/api/tickets/classify/', () =>
        HttpResponse.json({
          ...abstainingOnPriority(),
          suggested_category: null,
          confidence: 0.41,
        }),
      ),
    );
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Description'), LONG_DESCRIPTION);

    expect(
      await form().findByText(/No suggestion by the local model/, {}, { timeout: 3000 }),
    ).toBeVisible();
    expect(form().queryByText(/unavailable/)).not.toBeInTheDocument();
    expect(form().queryByText(/confidence/)).not.toBeInTheDocument();
    // The form applies the answer in an effect after the status line renders.
    await waitFor(() => expect(form().getAllByText('No suggestion')).toHaveLength(2));
    expect(form().getByLabelText('Category')).toHaveValue('');
    expect(form().getByLabelText('Priority')).toHaveValue('');
  });
});

describe('new ticket form: submitting', () => {
  it('counts title characters up to 200', async () => {
    const { user } = renderApp('/new');
    const title = (await loadedForm()).getByLabelText('Title');
    expect(title).toHaveAttribute('maxLength', '200');
    await user.type(title, 'Hello');
    expect(form().getByText('5/200 characters')).toBeVisible();
  });

  it('shows field errors from a 400 next to their fields and keeps what was typed', async () => {
    server.use(
      http.post('*/api/tickets/', () =>
        HttpResponse.json(
          {
            title: ['Ensure this field has no more than 200 characters.'],
            priority: ['"urgent" is not a valid choice.'],
          },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Title'), 'A title');
    await user.type(form().getByLabelText('Description'), 'short text');
    await user.click(form().getByRole('button', { name: 'Submit ticket' }));

    const title = form().getByLabelText('Title');
    await waitFor(() => expect(title).toHaveAttribute('aria-invalid', 'true'));
    expect(title).toHaveAccessibleDescription(
      /Ensure this field has no more than 200 characters\./,
    );
    expect(form().getByLabelText('Priority')).toHaveAccessibleDescription(
      /"urgent" is not a valid choice\./,
    );
    expect(title).toHaveValue('A title');
    expect(form().getByLabelText('Description')).toHaveValue('short text');
  });

  it('keeps what was typed when the server cannot be reached', async () => {
    server.use(http.post('*/api/tickets/', () => HttpResponse.error()));
    const { user } = renderApp('/new');
    await user.type((await loadedForm()).getByLabelText('Title'), 'Offline');
    await user.type(form().getByLabelText('Description'), 'short text');
    await user.click(form().getByRole('button', { name: 'Submit ticket' }));

    expect(await form().findByText(/could not be reached/)).toBeVisible();
    expect(form().getByLabelText('Title')).toHaveValue('Offline');
  });

  it('clears the form, links to the new ticket and shows it in the list without a reload', async () => {
    const { user } = renderApp('/');
    expect(await screen.findByText(/No tickets yet/)).toBeVisible();
    await user.click(screen.getByRole('link', { name: 'New ticket' }));

    await user.type((await loadedForm()).getByLabelText('Title'), 'Cannot download invoice');
    await user.type(form().getByLabelText('Description'), 'The invoice PDF link returns an error');
    await user.click(form().getByRole('button', { name: 'Submit ticket' }));

    expect(await form().findByText(/Ticket #1 was created/)).toBeVisible();
    expect(form().getByRole('link', { name: 'Open ticket #1' })).toHaveAttribute(
      'href',
      '/tickets/1',
    );
    expect(form().getByLabelText('Title')).toHaveValue('');
    expect(form().getByLabelText('Description')).toHaveValue('');
    expect(form().getByLabelText('Category')).toHaveValue('');

    await user.click(screen.getByRole('link', { name: 'All tickets' }));
    expect(await screen.findByRole('link', { name: 'Cannot download invoice' })).toHaveAttribute(
      'href',
      '/tickets/1',
    );
  });
});
