import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { NotificationChoice } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** GET /api/mail/preferences/: each kind of notification mail I can get, on or off. */
export function getNotificationChoices(signal?: AbortSignal): Promise<NotificationChoice[]> {
  return expectData(api.GET('/api/mail/preferences/', { signal }));
}

export const notificationChoicesQueryOptions = queryOptions({
  queryKey: queryKeys.notificationChoices,
  queryFn: ({ signal }) => getNotificationChoices(signal),
});

export function useNotificationChoices() {
  return useQuery(notificationChoicesQueryOptions);
}
