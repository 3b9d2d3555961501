import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from './api/client';
import type { User } from './api/types';
import { queryKeys } from './query-keys';

/**
 * GET /api/users/ without a role: the agents and admins, anyone a ticket can be
 * assigned to. Shared below the features because both the assignment control and
 * the audit timeline (whose assignee entries hold user ids) name them.
 */
export function getStaff(signal?: AbortSignal): Promise<User[]> {
  return expectData(api.GET('/api/users/', { signal }));
}

export const staffQueryOptions = queryOptions({
  queryKey: queryKeys.staff,
  queryFn: ({ signal }) => getStaff(signal),
  staleTime: 5 * 60_000,
});

/** The staff directory; pass `enabled: false` for requesters, who may not read it. */
export function useStaff({ enabled }: { enabled: boolean }) {
  return useQuery({ ...staffQueryOptions, enabled });
}

/** A person's name for display. */
export function displayName(user: Pick<User, 'display_name' | 'username'>): string {
  return user.display_name.trim() || user.username;
}
