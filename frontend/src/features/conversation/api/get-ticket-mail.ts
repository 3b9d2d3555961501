import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { TicketMail } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/**
 * GET /api/mail/tickets/<id>/: the mail a ticket received (full originals) and sent, with
 * each sent mail's delivery state (agents only).
 */
export function getTicketMail(ticketId: number, signal?: AbortSignal): Promise<TicketMail> {
  return expectData(
    api.GET('/api/mail/tickets/{ticket_id}/', {
      params: { path: { ticket_id: ticketId } },
      signal,
    }),
  );
}

export function ticketMailQueryOptions(ticketId: number) {
  return queryOptions({
    queryKey: queryKeys.ticketMail(ticketId),
    queryFn: ({ signal }) => getTicketMail(ticketId, signal),
  });
}

export function useTicketMail(ticketId: number) {
  return useQuery(ticketMailQueryOptions(ticketId));
}
