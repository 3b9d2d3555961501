import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { ThreadSummary } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/tickets/<id>/summary/: what the customer wants, what was tried, what is pending. */
export function getSummary(ticketId: number, signal?: AbortSignal): Promise<ThreadSummary> {
  return expectData(
    api.GET('/api/tickets/{ticket_id}/summary/', {
      params: { path: { ticket_id: ticketId } },
      signal,
    }),
  );
}

export function summaryQueryOptions(ticketId: number) {
  return queryOptions({
    queryKey: queryKeys.summary(ticketId),
    queryFn: ({ signal }) => getSummary(ticketId, signal),
  });
}

/** Asked for only when the agent wants it: a summary can take the language model a while. */
export function useSummary(ticketId: number, { enabled }: { enabled: boolean }) {
  return useQuery({ ...summaryQueryOptions(ticketId), enabled });
}
