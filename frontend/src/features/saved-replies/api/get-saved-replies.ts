import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { SavedReply } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/saved-replies/: the shared replies and the agent's own, by title. */
export function getSavedReplies(signal?: AbortSignal): Promise<SavedReply[]> {
  return expectData(api.GET('/api/saved-replies/', { signal }));
}

export const savedRepliesQueryOptions = queryOptions({
  queryKey: queryKeys.savedReplies,
  queryFn: ({ signal }) => getSavedReplies(signal),
  staleTime: 60_000,
});

export function useSavedReplies({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...savedRepliesQueryOptions, enabled });
}
