import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { forgetAllButSession } from '@/lib/auth/forget-cache';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/auth/logout/ (a write, so it carries the CSRF header like any other). */
export function logout(): Promise<void> {
  return expectNoContent(
    api.POST('/api/auth/logout/', { headers: { 'Content-Type': 'application/json' } }),
  );
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      queryClient.setQueryData(queryKeys.session, null);
      forgetAllButSession(queryClient);
    },
  });
}
