import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { ReplyDraft } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/tickets/<id>/draft/: a reply draft grounded in the answers to similar tickets. */
export function createDraft(ticketId: number): Promise<ReplyDraft> {
  return expectData(
    api.POST('/api/tickets/{ticket_id}/draft/', { params: { path: { ticket_id: ticketId } } }),
  );
}

export function useCreateDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createDraft,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.draftStats }),
  });
}
