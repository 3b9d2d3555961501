import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Incident } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/incidents/?status=open: bursts of similar tickets still being worked on. */
export function getOpenIncidents(signal?: AbortSignal): Promise<Incident[]> {
  return expectData(api.GET('/api/incidents/', { params: { query: { status: 'open' } }, signal }));
}

export function openIncidentsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.incidents,
    queryFn: ({ signal }) => getOpenIncidents(signal),
  });
}

export function useOpenIncidents() {
  return useQuery(openIncidentsQueryOptions());
}
