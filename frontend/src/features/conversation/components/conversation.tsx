import { QueryState } from '@/components/ui/query-state';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';
import { useMessages } from '../api/get-messages';
import { MessageItem } from './message-item';
import { ReplyForm, type ReplyTemplatePicker } from './reply-form';

/** The replies (and, for agents, internal notes) on a ticket, oldest first, and a box to answer. */
export function Conversation({
  ticketId,
  TemplatePicker,
}: {
  ticketId: number;
  /** Prepared replies for the reply box (agents), supplied by the app. */
  TemplatePicker?: ReplyTemplatePicker | undefined;
}) {
  const query = useMessages(ticketId);
  const staff = isStaff(useCurrentUser());
  const messages = query.data ?? [];
  return (
    <section className="conversation" aria-labelledby="conversation-heading">
      <h2 id="conversation-heading">Conversation</h2>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadingLabel="Loading the conversation…"
      >
        {messages.length === 0 ? (
          <p className="conversation__empty">No replies yet.</p>
        ) : (
          <ol className="conversation__thread">
            {messages.map((message) => (
              <MessageItem key={message.id} message={message} />
            ))}
          </ol>
        )}
      </QueryState>
      <ReplyForm ticketId={ticketId} canWriteNotes={staff} TemplatePicker={TemplatePicker} />
    </section>
  );
}
