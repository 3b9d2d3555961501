import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Ticket, TicketCreate } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/tickets/; category and priority may be left to the server's defaults. */
export async function createTicket(input: TicketCreate): Promise<Ticket> {
  return expectData(api.POST('/api/tickets/', { body: input }));
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTicket,
    onSuccess: async (ticket) => {
      queryClient.setQueryData(queryKeys.ticket(ticket.id), ticket);
      // Lists are refetched rather than patched: the new ticket may not match their filters.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.stats }),
      ]);
    },
  });
}
