import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Message } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/tickets/<id>/messages/, oldest first; requesters get public replies only. */
export function getMessages(ticketId: number, signal?: AbortSignal): Promise<Message[]> {
  return expectData(
    api.GET('/api/tickets/{ticket_id}/messages/', {
      params: { path: { ticket_id: ticketId } },
      signal,
    }),
  );
}

export function messagesQueryOptions(ticketId: number) {
  return queryOptions({
    queryKey: queryKeys.messages(ticketId),
    queryFn: ({ signal }) => getMessages(ticketId, signal),
  });
}

export function useMessages(ticketId: number) {
  return useQuery(messagesQueryOptions(ticketId));
}
