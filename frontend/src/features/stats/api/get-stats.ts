import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { TicketStats } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/tickets/stats/ */
export function getStats(signal?: AbortSignal): Promise<TicketStats> {
  return expectData(api.GET('/api/tickets/stats/', { signal }));
}

export const statsQueryOptions = queryOptions({
  queryKey: queryKeys.stats,
  queryFn: ({ signal }) => getStats(signal),
});

export function useStats() {
  return useQuery(statsQueryOptions);
}
