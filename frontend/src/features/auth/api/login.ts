import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData, readCookie } from '@/lib/api/client';
import type { Credentials, User } from '@/lib/api/types';
import { forgetAllButSession } from '@/lib/auth/forget-cache';
import { resetSession } from '@/lib/auth/session';
import { queryKeys } from '@/lib/query-keys';

/** POST /api/auth/login/; Django rotates the CSRF token here, so later writes read the cookie anew. */
export async function login(credentials: Credentials): Promise<User> {
  // The session check sets the CSRF cookie the login must echo; fetch it if it is missing.
  if (!readCookie('csrftoken')) await api.GET('/api/auth/session/');
  return expectData(api.POST('/api/auth/login/', { body: credentials }));
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      // Nothing cached for whoever used this tab before may show to this user.
      queryClient.setQueryData(queryKeys.session, user);
      forgetAllButSession(queryClient);
      resetSession();
    },
  });
}
