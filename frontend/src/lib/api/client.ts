import createClient, { type Middleware } from 'openapi-fetch';
import { markSignedOut } from '@/lib/auth/session';
import { ApiError } from './errors';
import type { paths } from './schema';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function readCookie(name: string): string | null {
  for (const pair of document.cookie.split(';')) {
    const [key, ...rest] = pair.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Django's CSRF check wants the `csrftoken` cookie echoed in a header on unsafe methods. */
const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return undefined;
    const token = readCookie('csrftoken');
    if (token) request.headers.set('X-CSRFToken', token);
    return request;
  },
};

/** Any refused-for-lack-of-session answer ends the session: the app goes to /login and back. */
const sessionMiddleware: Middleware = {
  async onResponse({ response }) {
    if (response.status !== 401 && response.status !== 403) return undefined;
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    if (new ApiError(response.status, body).isSignedOut) markSignedOut();
    return undefined;
  },
};

export const api = createClient<paths>({
  // An absolute base keeps URLs valid outside a browser page too (tests run in Node).
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  // Looked up on each call so that fetch can be replaced after import (mock servers).
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrfMiddleware, sessionMiddleware);

type ApiResult<T> = { data?: T; error?: unknown; response: Response };

/** The body and response of a successful answer; any other answer becomes an ApiError. */
export async function expectOk<T>(
  request: Promise<ApiResult<T>>,
): Promise<{ data: T; response: Response }> {
  const { data, error, response } = await request;
  if (response.ok && data !== undefined) return { data, response };
  throw new ApiError(response.status, error, response.headers);
}

/** The body of a successful answer; any other answer becomes an ApiError. */
export async function expectData<T>(request: Promise<ApiResult<T>>): Promise<T> {
  return (await expectOk(request)).data;
}

/** Resolves for a successful answer without a body (204); any other answer becomes an ApiError. */
export async function expectNoContent(request: Promise<ApiResult<unknown>>): Promise<void> {
  const { error, response } = await request;
  if (!response.ok) throw new ApiError(response.status, error, response.headers);
}
