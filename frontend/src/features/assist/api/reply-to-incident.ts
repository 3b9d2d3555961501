import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { IncidentReply, IncidentReplyResult } from '@/lib/api/types';
import { refreshTickets } from './refresh-tickets';

export type ReplyToIncidentInput = { incidentId: number; reply: IncidentReply };

/** POST /api/incidents/<id>/reply/: the same reply on every ticket, optionally resolving them. */
export function replyToIncident({
  incidentId,
  reply,
}: ReplyToIncidentInput): Promise<IncidentReplyResult> {
  return expectData(
    api.POST('/api/incidents/{incident_id}/reply/', {
      params: { path: { incident_id: incidentId } },
      body: reply,
    }),
  );
}

export function useReplyToIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replyToIncident,
    onSuccess: (result) => refreshTickets(queryClient, result.replied),
  });
}
