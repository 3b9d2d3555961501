import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { ReplyDraft } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export type DiscardDraftInput = { ticketId: number; draftId: number };

/** POST /api/tickets/<id>/draft/discard/: the agent dismissed the draft without sending it. */
export function discardDraft({ ticketId, draftId }: DiscardDraftInput): Promise<ReplyDraft> {
  return expectData(
    api.POST('/api/tickets/{ticket_id}/draft/discard/', {
      params: { path: { ticket_id: ticketId } },
      body: { draft_id: draftId },
    }),
  );
}

export function useDiscardDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: discardDraft,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.draftStats }),
  });
}
