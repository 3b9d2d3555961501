import type { QueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { Ticket } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export type SendSavedReplyInput = {
  replyId: number;
  ticketId: number;
  body: string;
  internal: boolean;
};

/** POST /api/saved-replies/<id>/send/: posts the (edited) reply and applies its actions. */
export function sendSavedReply({ replyId, ticketId, body, internal }: SendSavedReplyInput) {
  return expectData(
    api.POST('/api/saved-replies/{reply_id}/send/', {
      params: { path: { reply_id: replyId } },
      body: { ticket_id: ticketId, body, internal },
    }),
  );
}

/** Sends, then stores the changed ticket and refreshes what the reply and its actions touched. */
export async function sendSavedReplyAndRefresh(
  queryClient: QueryClient,
  input: SendSavedReplyInput,
): Promise<Ticket> {
  const { ticket } = await sendSavedReply(input);
  queryClient.setQueryData(queryKeys.ticket(ticket.id), ticket);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.messages(input.ticketId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.events(input.ticketId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists() }),
    queryClient.invalidateQueries({ queryKey: queryKeys.stats }),
  ]);
  return ticket;
}
