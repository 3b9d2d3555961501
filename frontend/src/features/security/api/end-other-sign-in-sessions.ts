import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/auth/sessions/end-others/: signs out every other browser; answers how many. */
export async function endOtherSignInSessions(): Promise<number> {
  const { ended } = await expectData(
    api.POST('/api/auth/sessions/end-others/', { headers: { 'Content-Type': 'application/json' } }),
  );
  return ended;
}

export function useEndOtherSignInSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endOtherSignInSessions,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.signInSessions }),
  });
}
