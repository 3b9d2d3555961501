import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import { ApiError, isRecord } from '@/lib/api/errors';
import type { Ticket, TicketChanges, User } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';
import type { TicketPage } from './get-tickets';

export type UpdateTicketInput = {
  id: number;
  /** The version the agent is looking at; the server refuses the change if it is stale. */
  version: number;
  changes: TicketChanges;
  /** For an assignment: who `changes.assignee_id` is, so the change can show at once. */
  assignee?: User | null;
};

/** PATCH /api/tickets/<id>/ with only the changed fields and `If-Match: "<version>"`. */
export function updateTicket({ id, version, changes }: UpdateTicketInput): Promise<Ticket> {
  return expectData(
    api.PATCH('/api/tickets/{ticket_id}/', {
      params: { path: { ticket_id: id }, header: { 'If-Match': `"${version}"` } },
      body: changes,
    }),
  );
}

/** The server's current copy when a change was refused because someone else changed the ticket. */
export function conflictingTicket(error: unknown): Ticket | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.code !== 'conflict')
    return null;
  const current = isRecord(error.body) ? error.body.current : null;
  // The body follows the AgentTicket schema; the checks guard against a proxy's error page.
  return isRecord(current) && typeof current.id === 'number' && typeof current.version === 'number'
    ? (current as Ticket)
    : null;
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'conflict';
}

type TicketListData = InfiniteData<TicketPage, string | null>;

function patchPages(
  data: TicketListData | undefined,
  id: number,
  patch: (ticket: Ticket) => Ticket,
): TicketListData | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      tickets: page.tickets.map((ticket) => (ticket.id === id ? patch(ticket) : ticket)),
    })),
  };
}

function optimistic({ changes, assignee }: UpdateTicketInput): Partial<Ticket> {
  const { assignee_id: _assigneeId, ...fields } = changes;
  return assignee === undefined ? fields : { ...fields, assignee };
}

type Snapshot = {
  detail: Ticket | undefined;
  lists: Array<[readonly unknown[], TicketListData | undefined]>;
};

/** Puts the server's copy of a ticket into every cache that shows it. */
export function useStoreTicket() {
  const queryClient = useQueryClient();
  return (ticket: Ticket) => {
    queryClient.setQueryData(queryKeys.ticket(ticket.id), ticket);
    queryClient.setQueriesData<TicketListData>({ queryKey: queryKeys.ticketLists() }, (old) =>
      patchPages(old, ticket.id, () => ticket),
    );
  };
}

/**
 * Optimistic: every cached copy of the ticket changes at once, and goes back to
 * the snapshot if the server refuses. Afterwards lists, stats and the ticket's
 * history are refetched so they reflect what the server stored.
 */
export function useUpdateTicket() {
  const queryClient = useQueryClient();
  const storeTicket = useStoreTicket();
  return useMutation<Ticket, Error, UpdateTicketInput, Snapshot>({
    mutationFn: updateTicket,
    onMutate: async (input) => {
      // A fetch finishing after this point would overwrite the optimistic value.
      await queryClient.cancelQueries({ queryKey: queryKeys.tickets });
      const snapshot: Snapshot = {
        detail: queryClient.getQueryData<Ticket>(queryKeys.ticket(input.id)),
        lists: queryClient.getQueriesData<TicketListData>({ queryKey: queryKeys.ticketLists() }),
      };
      const patch = optimistic(input);
      queryClient.setQueryData<Ticket>(queryKeys.ticket(input.id), (old) =>
        old ? { ...old, ...patch } : old,
      );
      queryClient.setQueriesData<TicketListData>({ queryKey: queryKeys.ticketLists() }, (old) =>
        patchPages(old, input.id, (ticket) => ({ ...ticket, ...patch })),
      );
      return snapshot;
    },
    onError: (_error, { id }, snapshot) => {
      if (!snapshot) return;
      queryClient.setQueryData(queryKeys.ticket(id), snapshot.detail);
      for (const [key, data] of snapshot.lists) queryClient.setQueryData(key, data);
    },
    // The new version goes everywhere at once, so a next change is not refused as stale.
    onSuccess: storeTicket,
    onSettled: (_ticket, _error, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.stats }),
        queryClient.invalidateQueries({ queryKey: queryKeys.events(id) }),
      ]),
  });
}
