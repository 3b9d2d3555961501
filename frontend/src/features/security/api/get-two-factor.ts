import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { TwoFactorStatus } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/auth/two-factor/: whether it is on, required, and how many recovery codes are left. */
export function getTwoFactor(signal?: AbortSignal): Promise<TwoFactorStatus> {
  return expectData(api.GET('/api/auth/two-factor/', { signal }));
}

export const twoFactorQueryOptions = queryOptions({
  queryKey: queryKeys.twoFactor,
  queryFn: ({ signal }) => getTwoFactor(signal),
});

export function useTwoFactor() {
  return useQuery(twoFactorQueryOptions);
}
