import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { ChannelStatus } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/mail/status/ (admins): whether intake and sending are set up, and the last poll. */
export function getMailStatus(signal?: AbortSignal): Promise<ChannelStatus> {
  return expectData(api.GET('/api/mail/status/', { signal }));
}

export const mailStatusQueryOptions = queryOptions({
  queryKey: queryKeys.mailStatus,
  queryFn: ({ signal }) => getMailStatus(signal),
});

export function useMailStatus() {
  return useQuery(mailStatusQueryOptions);
}
