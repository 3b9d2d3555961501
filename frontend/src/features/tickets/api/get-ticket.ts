import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Ticket } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/tickets/<id>/ */
export function getTicket(id: number, signal?: AbortSignal): Promise<Ticket> {
  return expectData(
    api.GET('/api/tickets/{ticket_id}/', { params: { path: { ticket_id: id } }, signal }),
  );
}

export function ticketQueryOptions(id: number) {
  return queryOptions({
    queryKey: queryKeys.ticket(id),
    queryFn: ({ signal }) => getTicket(id, signal),
  });
}

export function useTicket(id: number) {
  return useQuery(ticketQueryOptions(id));
}
