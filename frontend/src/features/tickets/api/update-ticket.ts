import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import { asTicket, type Ticket, type TicketChanges } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';
import type { TicketPage } from './get-tickets';

export type UpdateTicketInput = { id: number; changes: TicketChanges };

/** PATCH /api/tickets/<id>/ with only the changed fields. */
export async function updateTicket({ id, changes }: UpdateTicketInput): Promise<Ticket> {
  const data = await expectData(
    api.PATCH('/api/tickets/{ticket_id}/', { params: { path: { ticket_id: id } }, body: changes }),
  );
  return asTicket(data);
}

function patchPages(
  data: InfiniteData<TicketPage, string | null> | undefined,
  id: number,
  changes: TicketChanges,
): InfiniteData<TicketPage, string | null> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      tickets: page.tickets.map((ticket) =>
        ticket.id === id ? { ...ticket, ...changes } : ticket,
      ),
    })),
  };
}

type Snapshot = {
  detail: Ticket | undefined;
  lists: Array<[readonly unknown[], InfiniteData<TicketPage, string | null> | undefined]>;
};

/**
 * Optimistic: every cached copy of the ticket changes at once, and goes back to
 * the snapshot if the server refuses. Afterwards lists and stats are refetched
 * so filters and counts reflect what the server stored.
 */
export function useUpdateTicket() {
  const queryClient = useQueryClient();
  return useMutation<Ticket, Error, UpdateTicketInput, Snapshot>({
    mutationFn: updateTicket,
    onMutate: async ({ id, changes }) => {
      // A fetch finishing after this point would overwrite the optimistic value.
      await queryClient.cancelQueries({ queryKey: queryKeys.tickets });
      const snapshot: Snapshot = {
        detail: queryClient.getQueryData<Ticket>(queryKeys.ticket(id)),
        lists: queryClient.getQueriesData<InfiniteData<TicketPage, string | null>>({
          queryKey: queryKeys.ticketLists(),
        }),
      };
      queryClient.setQueryData<Ticket>(queryKeys.ticket(id), (old) =>
        old ? { ...old, ...changes } : old,
      );
      queryClient.setQueriesData<InfiniteData<TicketPage, string | null>>(
        { queryKey: queryKeys.ticketLists() },
        (old) => patchPages(old, id, changes),
      );
      return snapshot;
    },
    onError: (_error, { id }, snapshot) => {
      if (!snapshot) return;
      queryClient.setQueryData(queryKeys.ticket(id), snapshot.detail);
      for (const [key, data] of snapshot.lists) queryClient.setQueryData(key, data);
    },
    onSuccess: (ticket) => {
      queryClient.setQueryData(queryKeys.ticket(ticket.id), ticket);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.stats }),
      ]),
  });
}
