import { Link, useParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { TicketDetail } from '@/features/tickets';
import { useDocumentTitle } from '@/lib/use-document-title';

export function TicketRoute() {
  const { ticketId } = useParams();
  const id = Number(ticketId);
  useDocumentTitle(`Ticket #${ticketId ?? ''}`);
  return (
    <div className="panel">
      <p>
        <Link to="/">← All tickets</Link>
      </p>
      {Number.isInteger(id) && id > 0 ? (
        <TicketDetail ticketId={id} />
      ) : (
        <Alert tone="warning">“{ticketId}” is not a ticket number.</Alert>
      )}
    </div>
  );
}
