import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Ticket } from '@/lib/api/types';
import { refreshTickets } from './refresh-tickets';

export type MergeTicketInput = { ticketId: number; into: number };

/** POST /api/tickets/<id>/merge/: move the conversation into another ticket and close this one. */
export function mergeTicket({ ticketId, into }: MergeTicketInput): Promise<Ticket> {
  return expectData(
    api.POST('/api/tickets/{ticket_id}/merge/', {
      params: { path: { ticket_id: ticketId } },
      body: { into },
    }),
  );
}

export function useMergeTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: mergeTicket,
    onSuccess: (_, { ticketId, into }) => refreshTickets(queryClient, [ticketId, into]),
  });
}
