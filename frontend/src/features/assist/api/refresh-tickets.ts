import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';

/** After a duplicate, a merge or a reply to all: the tickets, their threads and the stats changed. */
export async function refreshTickets(queryClient: QueryClient, ticketIds: number[]): Promise<void> {
  await Promise.all([
    ...ticketIds.flatMap((id) => [
      queryClient.invalidateQueries({ queryKey: queryKeys.ticket(id) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.messages(id) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.events(id) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.similar(id) }),
    ]),
    queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists() }),
    queryClient.invalidateQueries({ queryKey: queryKeys.stats }),
    queryClient.invalidateQueries({ queryKey: queryKeys.incidents }),
  ]);
}
