import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { queryKeys } from '@/lib/query-keys';

/** DELETE /api/saved-replies/<id>/. */
export function deleteSavedReply(id: number): Promise<void> {
  return expectNoContent(
    api.DELETE('/api/saved-replies/{reply_id}/', { params: { path: { reply_id: id } } }),
  );
}

export function useDeleteSavedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSavedReply,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.savedReplies }),
  });
}
