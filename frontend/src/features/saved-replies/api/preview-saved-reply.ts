import { api, expectData } from '@/lib/api/client';

/** POST /api/saved-replies/<id>/preview/: the reply's text filled in for one ticket. */
export async function previewSavedReply({
  replyId,
  ticketId,
}: {
  replyId: number;
  ticketId: number;
}): Promise<string> {
  const { body } = await expectData(
    api.POST('/api/saved-replies/{reply_id}/preview/', {
      params: { path: { reply_id: replyId } },
      body: { ticket_id: ticketId },
    }),
  );
  return body;
}
