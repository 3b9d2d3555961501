import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { NotificationChoice } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export type NotificationChoiceInput = { kind: NotificationChoice['kind']; enabled: boolean };

/** PATCH /api/mail/preferences/: turn one kind on or off; answers with every choice. */
export function updateNotificationChoice(
  input: NotificationChoiceInput,
): Promise<NotificationChoice[]> {
  return expectData(api.PATCH('/api/mail/preferences/', { body: input }));
}

export function useUpdateNotificationChoice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateNotificationChoice,
    onSuccess: (choices) => queryClient.setQueryData(queryKeys.notificationChoices, choices),
  });
}
