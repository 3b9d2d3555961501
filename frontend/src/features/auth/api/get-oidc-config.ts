import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { OidcConfig } from '@/lib/api/types';

/** GET /api/auth/oidc/: whether single sign-on is configured, and the button's label. */
export async function getOidcConfig(): Promise<OidcConfig> {
  return expectData(api.GET('/api/auth/oidc/'));
}

export const oidcConfigQueryOptions = () =>
  queryOptions({
    queryKey: ['auth', 'oidc'],
    queryFn: getOidcConfig,
    // The server's configuration: it changes with a restart, not while the page is open.
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

export function useOidcConfig() {
  return useQuery(oidcConfigQueryOptions());
}

/** Where the button leads: our server, which sends the browser on to the provider. */
export function oidcStartUrl(next: string): string {
  return next === '/'
    ? '/api/auth/oidc/start/'
    : `/api/auth/oidc/start/?${new URLSearchParams({ next })}`;
}
