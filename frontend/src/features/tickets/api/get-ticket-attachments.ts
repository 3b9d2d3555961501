import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Attachment } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/tickets/<id>/attachments/: the ticket's files, its own and its messages'. */
export function getTicketAttachments(
  ticketId: number,
  signal?: AbortSignal,
): Promise<Attachment[]> {
  return expectData(
    api.GET('/api/tickets/{ticket_id}/attachments/', {
      params: { path: { ticket_id: ticketId } },
      signal,
    }),
  );
}

export function ticketAttachmentsQueryOptions(ticketId: number) {
  return queryOptions({
    queryKey: queryKeys.attachments(ticketId),
    queryFn: ({ signal }) => getTicketAttachments(ticketId, signal),
  });
}

export function useTicketAttachments(ticketId: number) {
  return useQuery(ticketAttachmentsQueryOptions(ticketId));
}
