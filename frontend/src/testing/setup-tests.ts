import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { resetSession } from '@/lib/auth/session';
import { EntriesFormData } from './form-data';
import { resetAssist } from './mocks/assist';
import { resetCustomers } from './mocks/customers';
import { resetDb } from './mocks/db';
import { requests } from './mocks/handlers';
import { resetSecurity } from './mocks/security';
import { server } from './mocks/server';
import { resetSso } from './mocks/sso';

// Testing Library advances Jest-style fake timers while it waits; point it at Vitest's.
Object.assign(globalThis, {
  jest: { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) },
});

// The first lazy route (the charts) can take a few seconds to import on a slow machine.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no layout; the charts only need the observer to exist.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
Object.assign(globalThis, { ResizeObserver: ResizeObserverStub });

Object.assign(globalThis, { FormData: EntriesFormData });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  resetDb();
  resetAssist();
  resetCustomers();
  resetSso();
  resetSecurity();
  resetSession();
  requests.length = 0;
  // biome-ignore lint/suspicious/noDocumentCookie: jsdom has no Cookie Store API
  document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  vi.useRealTimers();
});
afterAll(() => server.close());
