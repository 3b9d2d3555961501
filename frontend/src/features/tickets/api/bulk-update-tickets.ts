import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { BulkChanges, BulkResponse } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export type BulkUpdateInput = { ids: number[]; changes: BulkChanges };

/** POST /api/tickets/bulk/: one change to several tickets, with a result for each. */
export function bulkUpdateTickets({ ids, changes }: BulkUpdateInput): Promise<BulkResponse> {
  return expectData(api.POST('/api/tickets/bulk/', { body: { ids, changes } }));
}

/** Afterwards every list, ticket and the statistics are read again: many tickets changed. */
export function useBulkUpdateTickets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkUpdateTickets,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tickets }),
        queryClient.invalidateQueries({ queryKey: queryKeys.stats }),
      ]),
  });
}
