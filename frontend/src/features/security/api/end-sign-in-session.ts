import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { queryKeys } from '@/lib/query-keys';

/** DELETE /api/auth/sessions/{id}/: that browser is signed out on its next request. */
export function endSignInSession(sessionId: number): Promise<void> {
  return expectNoContent(
    api.DELETE('/api/auth/sessions/{session_id}/', { params: { path: { session_id: sessionId } } }),
  );
}

export function useEndSignInSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endSignInSession,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.signInSessions }),
  });
}
