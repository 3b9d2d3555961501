import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { SavedReply, SavedReplyInput } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export type SaveSavedReplyInput = { id: number | null; reply: SavedReplyInput };

/** POST /api/saved-replies/ for a new reply, PATCH /api/saved-replies/<id>/ for a change. */
export function saveSavedReply({ id, reply }: SaveSavedReplyInput): Promise<SavedReply> {
  if (id === null) return expectData(api.POST('/api/saved-replies/', { body: reply }));
  return expectData(
    api.PATCH('/api/saved-replies/{reply_id}/', {
      params: { path: { reply_id: id } },
      body: reply,
    }),
  );
}

export function useSaveSavedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveSavedReply,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.savedReplies }),
  });
}
