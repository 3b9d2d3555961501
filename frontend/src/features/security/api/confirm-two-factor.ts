import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { RecoveryCodes, SessionUser } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/auth/two-factor/confirm/: turns it on; the answer holds the recovery codes, once. */
export function confirmTwoFactor(code: string): Promise<RecoveryCodes> {
  return expectData(api.POST('/api/auth/two-factor/confirm/', { body: { code } }));
}

export function useConfirmTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmTwoFactor,
    onSuccess: () => {
      // This session gave a right code: it owes nothing any more.
      queryClient.setQueryData<SessionUser | null>(queryKeys.session, (user) =>
        user ? { ...user, second_factor: null } : user,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor });
    },
  });
}
