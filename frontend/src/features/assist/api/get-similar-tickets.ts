import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { SimilarTicket } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/tickets/<id>/similar/: earlier tickets that read most like this one (agents). */
export function getSimilarTickets(
  ticketId: number,
  signal?: AbortSignal,
): Promise<SimilarTicket[]> {
  return expectData(
    api.GET('/api/tickets/{ticket_id}/similar/', {
      params: { path: { ticket_id: ticketId } },
      signal,
    }),
  );
}

export function similarTicketsQueryOptions(ticketId: number) {
  return queryOptions({
    queryKey: queryKeys.similar(ticketId),
    queryFn: ({ signal }) => getSimilarTickets(ticketId, signal),
  });
}

export function useSimilarTickets(ticketId: number) {
  return useQuery(similarTicketsQueryOptions(ticketId));
}
