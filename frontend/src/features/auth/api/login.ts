import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData, readCookie } from '@/lib/api/client';
import type { Credentials, SecondFactorChallenge, SessionUser } from '@/lib/api/types';
import { forgetAllButSession } from '@/lib/auth/forget-cache';
import { resetSession } from '@/lib/auth/session';
import { queryKeys } from '@/lib/query-keys';

/** What the password step answers: signed in, or (two-factor sign-in on) a code is wanted. */
export type LoginResult = SessionUser | SecondFactorChallenge;

export function wantsCode(result: LoginResult): result is SecondFactorChallenge {
  return !('id' in result) && result.second_factor === 'verify';
}

/**
 * POST /api/auth/login/; Django rotates the CSRF token here, so later writes read the cookie
 * anew. A 202 means the password was right and the code step comes next.
 */
export async function login(credentials: Credentials): Promise<LoginResult> {
  // The session check sets the CSRF cookie the login must echo; fetch it if it is missing.
  if (!readCookie('csrftoken')) await api.GET('/api/auth/session/');
  return expectData(api.POST('/api/auth/login/', { body: credentials }));
}

/** Puts the signed-in user in the session cache, dropping what the tab held for anyone else. */
export function useSignedIn() {
  const queryClient = useQueryClient();
  return (user: SessionUser) => {
    queryClient.setQueryData(queryKeys.session, user);
    forgetAllButSession(queryClient);
    resetSession();
  };
}

export function useLogin() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      if (!wantsCode(result)) signedIn(result);
    },
  });
}
