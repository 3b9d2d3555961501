import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api, expectOk } from '@/lib/api/client';
import { nextCursor } from '@/lib/api/link-header';
import type { Ticket } from '@/lib/api/types';
import { queryKeys, type TicketFilters } from '@/lib/query-keys';

export const TICKETS_PAGE_SIZE = 20;

export type TicketPage = { tickets: Ticket[]; nextCursor: string | null };

/** GET /api/tickets/: one newest-first page; the next page's cursor comes from the `Link` header. */
export async function getTickets({
  filters,
  cursor,
  signal,
}: {
  filters: TicketFilters;
  cursor: string | null;
  signal?: AbortSignal;
}): Promise<TicketPage> {
  const { data, response } = await expectOk(
    api.GET('/api/tickets/', {
      params: {
        query: { ...filters, page_size: TICKETS_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      },
      signal,
    }),
  );
  return { tickets: data, nextCursor: nextCursor(response.headers.get('Link')) };
}

export function ticketsQueryOptions(filters: TicketFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.ticketList(filters),
    queryFn: ({ pageParam, signal }) => getTickets({ filters, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useTickets(filters: TicketFilters) {
  return useInfiniteQuery(ticketsQueryOptions(filters));
}
