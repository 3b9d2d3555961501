import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Ticket } from '@/lib/api/types';
import { refreshTickets } from './refresh-tickets';

export type MarkDuplicateInput = { ticketId: number; duplicateOf: number; reply?: string };

/** POST /api/tickets/<id>/duplicate/: close it as a duplicate, optionally replying first. */
export function markDuplicate({
  ticketId,
  duplicateOf,
  reply,
}: MarkDuplicateInput): Promise<Ticket> {
  return expectData(
    api.POST('/api/tickets/{ticket_id}/duplicate/', {
      params: { path: { ticket_id: ticketId } },
      body: { duplicate_of: duplicateOf, ...(reply?.trim() ? { reply } : {}) },
    }),
  );
}

export function useMarkDuplicate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markDuplicate,
    onSuccess: (_, { ticketId, duplicateOf }) =>
      refreshTickets(queryClient, [ticketId, duplicateOf]),
  });
}
