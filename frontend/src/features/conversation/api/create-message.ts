import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import { withFiles } from '@/lib/api/form-data';
import type { Message, MessageCreate } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export type CreateMessageInput = { ticketId: number; message: MessageCreate; files?: File[] };

/**
 * POST /api/tickets/<id>/messages/: a reply, or (agents only) an internal note; with files,
 * as multipart/form-data.
 */
export function createMessage({
  ticketId,
  message,
  files = [],
}: CreateMessageInput): Promise<Message> {
  return expectData(
    api.POST('/api/tickets/{ticket_id}/messages/', {
      params: { path: { ticket_id: ticketId } },
      body: message,
      ...(files.length > 0 ? { bodySerializer: () => withFiles(message, files) } : {}),
    }),
  );
}

export function useCreateMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createMessage,
    onSuccess: async (message, { ticketId }) => {
      queryClient.setQueryData<Message[]>(queryKeys.messages(ticketId), (old) =>
        old ? [...old, message] : old,
      );
      // The history gains an entry, and a customer's reply reopens a resolved ticket (its
      // status, the lists and the stats change); the server's copies stay the reference.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.messages(ticketId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.events(ticketId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.attachments(ticketId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.ticketMail(ticketId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.ticket(ticketId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.stats }),
      ]);
    },
  });
}
