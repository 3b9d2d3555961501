import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { QueryState } from '@/components/ui/query-state';
import { ApiError } from '@/lib/api/errors';
import type { Ticket } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useTicket } from '../api/get-ticket';
import { TicketFieldSelect } from './ticket-field-select';

function Timestamp({ value }: { value: string | null }) {
  return value ? <time dateTime={value}>{formatDateTime(value)}</time> : <span>—</span>;
}

const TIMESTAMPS: Array<{ label: string; pick: (ticket: Ticket) => string | null }> = [
  { label: 'Created', pick: (ticket) => ticket.created_at },
  { label: 'Last updated', pick: (ticket) => ticket.updated_at },
  { label: 'Resolved', pick: (ticket) => ticket.resolved_at },
];

/** Every field of one ticket; status, category and priority change in place. */
export function TicketDetail({ ticketId }: { ticketId: number }) {
  const query = useTicket(ticketId);

  if (query.error instanceof ApiError && query.error.status === 404) {
    return (
      <Alert tone="warning">
        Ticket #{ticketId} does not exist. <Link to="/">Back to the tickets</Link>
      </Alert>
    );
  }

  return (
    <QueryState
      isPending={query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      loadingLabel="Loading the ticket…"
    >
      {query.data ? (
        <article className="ticket-detail" aria-labelledby="ticket-title">
          <p className="ticket-detail__id">Ticket #{query.data.id}</p>
          <h1 id="ticket-title" className="ticket-detail__title">
            {query.data.title}
          </h1>
          <div className="ticket-detail__fields">
            <TicketFieldSelect ticket={query.data} field="status" idPrefix="detail" />
            <TicketFieldSelect ticket={query.data} field="category" idPrefix="detail" />
            <TicketFieldSelect ticket={query.data} field="priority" idPrefix="detail" />
          </div>
          <h2 className="ticket-detail__subheading">Description</h2>
          <p className="ticket-detail__description">{query.data.description}</p>
          <dl className="ticket-detail__times">
            {TIMESTAMPS.map(({ label, pick }) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>
                  <Timestamp value={pick(query.data)} />
                </dd>
              </div>
            ))}
          </dl>
        </article>
      ) : null}
    </QueryState>
  );
}
