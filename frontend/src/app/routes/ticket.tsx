import { Link, useParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { DraftTools, SimilarTickets, ThreadSummary } from '@/features/assist';
import { Conversation, OpeningMailSender } from '@/features/conversation';
import { TicketSatisfaction } from '@/features/customers';
import { SavedReplyPicker } from '@/features/saved-replies';
import { TicketDetail } from '@/features/tickets';
import { TicketTimeline } from '@/features/timeline';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';
import { useDocumentTitle } from '@/lib/use-document-title';

/** One ticket: its fields, the conversation and, for agents, its history. */
export function TicketRoute() {
  const { ticketId } = useParams();
  const id = Number(ticketId);
  const staff = isStaff(useCurrentUser());
  useDocumentTitle(`Ticket #${ticketId ?? ''}`);
  return (
    <div className="ticket-page">
      <div className="panel ticket-page__main">
        <p>
          <Link to="/">← {staff ? 'All tickets' : 'My tickets'}</Link>
        </p>
        {Number.isInteger(id) && id > 0 ? (
          <TicketDetail
            ticketId={id}
            after={staff ? undefined : (ticket) => <TicketSatisfaction ticket={ticket} />}
            channelNote={staff ? <OpeningMailSender ticketId={id} /> : undefined}
          >
            <div className="ticket-page__activity">
              {staff ? (
                <>
                  <div>
                    <ThreadSummary ticketId={id} />
                    <Conversation
                      ticketId={id}
                      TemplatePicker={SavedReplyPicker}
                      replyTools={(fill) => <DraftTools ticketId={id} fill={fill} />}
                    />
                  </div>
                  <div>
                    <SimilarTickets ticketId={id} />
                    <TicketTimeline ticketId={id} />
                  </div>
                </>
              ) : (
                <Conversation ticketId={id} />
              )}
            </div>
          </TicketDetail>
        ) : (
          <Alert tone="warning">“{ticketId}” is not a ticket number.</Alert>
        )}
      </div>
    </div>
  );
}
