import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { SignInSession } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/auth/sessions/: the person's own sessions that still sign them in. */
export function getSignInSessions(signal?: AbortSignal): Promise<SignInSession[]> {
  return expectData(api.GET('/api/auth/sessions/', { signal }));
}

export const signInSessionsQueryOptions = queryOptions({
  queryKey: queryKeys.signInSessions,
  queryFn: ({ signal }) => getSignInSessions(signal),
});

export function useSignInSessions() {
  return useQuery(signInSessionsQueryOptions);
}
