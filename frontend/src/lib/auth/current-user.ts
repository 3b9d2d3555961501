import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';
import type { Role, SessionUser, User } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';
import { useSignedOut } from './session';

/**
 * GET /api/auth/session/: the signed-in user, or null when nobody is. The call also
 * sets the CSRF cookie that every later write echoes back.
 */
export async function getSession(signal?: AbortSignal): Promise<SessionUser | null> {
  const { data, error, response } = await api.GET('/api/auth/session/', { signal });
  if (response.status === 401) return null;
  if (!response.ok || data === undefined) {
    throw new ApiError(response.status, error, response.headers);
  }
  return data;
}

export const sessionQueryOptions = queryOptions({
  queryKey: queryKeys.session,
  queryFn: ({ signal }) => getSession(signal),
  // Sign-in and sign-out write this cache; a 401 from any request ends the session.
  staleTime: Number.POSITIVE_INFINITY,
  refetchOnWindowFocus: false,
});

export function useSession() {
  return useQuery(sessionQueryOptions);
}

/** The signed-in user, or null before the session is known or once it has ended. */
export function useCurrentUser(): SessionUser | null {
  const { data } = useSession();
  const signedOut = useSignedOut();
  return signedOut ? null : (data ?? null);
}

/**
 * The second-factor step the signed-in session still owes: `verify` (the code) or `setup`
 * (two-factor sign-in is required and not set up yet); null once nothing is owed.
 */
export function secondFactorOwed(user: User | SessionUser | null): 'verify' | 'setup' | null {
  return (user && 'second_factor' in user && user.second_factor) || null;
}

/** Agents and admins work every ticket; requesters see only their own. */
export function isStaff(user: User | null): boolean {
  return user?.role === 'agent' || user?.role === 'admin';
}

export const ROLE_LABEL: Record<Role, string> = {
  requester: 'Customer',
  agent: 'Agent',
  admin: 'Admin',
};
