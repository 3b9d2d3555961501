import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import { withFiles } from '@/lib/api/form-data';
import type { Ticket, TicketCreate } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export type CreateTicketInput = TicketCreate & { files?: File[] };

/**
 * POST /api/tickets/; category and priority may be left to the server's defaults. With files
 * the body is multipart/form-data, otherwise JSON as always.
 */
export async function createTicket({ files = [], ...input }: CreateTicketInput): Promise<Ticket> {
  return expectData(
    api.POST('/api/tickets/', {
      body: input,
      ...(files.length > 0 ? { bodySerializer: () => withFiles(input, files) } : {}),
    }),
  );
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
