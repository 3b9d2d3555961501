import type { ReactNode } from 'react';
import { QueryState } from '@/components/ui/query-state';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';
import { useMessages } from '../api/get-messages';
import { useTicketMail } from '../api/get-ticket-mail';
import { Deliveries } from './deliveries';
import { MessageItem } from './message-item';
import { ReplyForm, type ReplyTemplatePicker } from './reply-form';

/** The replies (and, for agents, internal notes) on a ticket, oldest first, and a box to answer. */
export function Conversation({
  ticketId,
  TemplatePicker,
  replyTools,
}: {
  ticketId: number;
  /** Prepared replies for the reply box (agents), supplied by the app. */
  TemplatePicker?: ReplyTemplatePicker | undefined;
  /** Controls shown above the reply box, given a way to fill it (for agents' drafts). */
  replyTools?: (fill: (text: string) => void) => ReactNode;
}) {
  const query = useMessages(ticketId);
  const staff = isStaff(useCurrentUser());
  const messages = query.data ?? [];
  // Mail details are extra: the conversation shows without them if they fail to load.
  const mail = useTicketMail(ticketId).data;
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
              <MessageItem
                key={message.id}
                message={message}
                deliveries={mail?.deliveries.filter((row) => row.message_id === message.id)}
                received={mail?.received.find((row) => row.message_id === message.id)}
                showSenderCheck={staff}
              />
            ))}
          </ol>
        )}
      </QueryState>
      {mail?.deliveries.some((row) => row.message_id === null) ? (
        <>
          <p className="deliveries__title">Notifications sent by e-mail</p>
          <Deliveries
            deliveries={mail.deliveries.filter((row) => row.message_id === null)}
            label="Notifications sent by e-mail"
          />
        </>
      ) : null}
      <ReplyForm
        ticketId={ticketId}
        canWriteNotes={staff}
        TemplatePicker={TemplatePicker}
        tools={replyTools}
      />
    </section>
  );
}
