import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData, readCookie } from '@/lib/api/client';
import type { SignInLinkUsed } from '@/lib/api/types';
import { forgetAllButSession } from '@/lib/auth/forget-cache';
import { resetSession } from '@/lib/auth/session';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/auth/magic-link/sign-in/ with a mail link's token: signs in, once. */
export async function signInWithLink(token: string): Promise<SignInLinkUsed> {
  if (!readCookie('csrftoken')) await api.GET('/api/auth/session/');
  return expectData(api.POST('/api/auth/magic-link/sign-in/', { body: { token } }));
}

export function useSignInWithLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signInWithLink,
    onSuccess: ({ user }) => {
      queryClient.setQueryData(queryKeys.session, user);
      forgetAllButSession(queryClient);
      resetSession();
    },
  });
}
