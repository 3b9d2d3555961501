import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Rating, RatingRecorded, Ticket } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export type RatingInput = { rating: Rating; comment?: string };

/** POST /api/public/ratings/ with a resolved mail's token: no sign-in needed. */
export async function rateWithToken(
  input: RatingInput & { token: string },
): Promise<RatingRecorded> {
  return expectData(api.POST('/api/public/ratings/', { body: input }));
}

export function useRateWithToken() {
  return useMutation({ mutationFn: rateWithToken });
}

/** PUT /api/tickets/<id>/satisfaction/: the signed-in requester rates on the ticket page. */
export async function rateTicket({
  ticketId,
  ...input
}: RatingInput & { ticketId: number }): Promise<Ticket> {
  return expectData(
    api.PUT('/api/tickets/{ticket_id}/satisfaction/', {
      params: { path: { ticket_id: ticketId } },
      body: input,
    }),
  );
}

export function useRateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rateTicket,
    onSuccess: async (ticket) => {
      queryClient.setQueryData(queryKeys.ticket(ticket.id), ticket);
      await queryClient.invalidateQueries({ queryKey: queryKeys.events(ticket.id) });
    },
  });
}
