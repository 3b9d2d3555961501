import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { TicketEvent } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/tickets/<id>/events/ (agents only), oldest first. */
export function getEvents(ticketId: number, signal?: AbortSignal): Promise<TicketEvent[]> {
  return expectData(
    api.GET('/api/tickets/{ticket_id}/events/', {
      params: { path: { ticket_id: ticketId } },
      signal,
    }),
  );
}

export function eventsQueryOptions(ticketId: number) {
  return queryOptions({
    queryKey: queryKeys.events(ticketId),
    queryFn: ({ signal }) => getEvents(ticketId, signal),
  });
}

export function useEvents(ticketId: number) {
  return useQuery(eventsQueryOptions(ticketId));
}
