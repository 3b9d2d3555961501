import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { DraftStats } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/drafts/stats/: what agents did with the reply drafts, per source. */
export function getDraftStats(signal?: AbortSignal): Promise<DraftStats> {
  return expectData(api.GET('/api/drafts/stats/', { signal }));
}

export function draftStatsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.draftStats,
    queryFn: ({ signal }) => getDraftStats(signal),
  });
}

export function useDraftStats() {
  return useQuery(draftStatsQueryOptions());
}
