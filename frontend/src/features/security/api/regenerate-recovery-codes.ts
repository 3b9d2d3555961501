import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { RecoveryCodes } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/auth/two-factor/recovery-codes/: new codes (the old ones stop working). */
export function regenerateRecoveryCodes(code: string): Promise<RecoveryCodes> {
  return expectData(api.POST('/api/auth/two-factor/recovery-codes/', { body: { code } }));
}

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor }),
  });
}
