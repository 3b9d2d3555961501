import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectNoContent } from '@/lib/api/client';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/auth/two-factor/disable/, with a code as proof. */
export function disableTwoFactor(code: string): Promise<void> {
  return expectNoContent(api.POST('/api/auth/two-factor/disable/', { body: { code } }));
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableTwoFactor,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor }),
  });
}
