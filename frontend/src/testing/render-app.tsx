import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { AppProvider } from '@/app/provider';
import { routes } from '@/app/routes';

/**
 * Renders the whole app at `url` with a fresh cache, the real routes and the mock API.
 * Returns the router too, so tests can read the URL or go back.
 */
export function renderApp(url = '/', { fakeTimers = false } = {}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 0 }, mutations: { retry: false } },
  });
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const user = userEvent.setup(
    fakeTimers ? { advanceTimers: (ms: number) => vi.advanceTimersByTime(ms) } : {},
  );
  const view = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, router, queryClient, user };
}

/** The current URL's search part as an object, for readable assertions. */
export function searchOf(router: { state: { location: { search: string } } }) {
  return Object.fromEntries(new URLSearchParams(router.state.location.search));
}
