import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';

/**
 * Drops every cached answer except the session, so nothing fetched for one user shows
 * to the next. The session query is updated in place rather than removed: the header
 * observes it, and an observer of a removed query would never hear of the change.
 */
export function forgetAllButSession(queryClient: QueryClient): void {
  queryClient.removeQueries({
    predicate: (query) => query.queryKey[0] !== queryKeys.session[0],
  });
}
