import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { AttachmentList } from '@/components/ui/attachment-list';
import { QueryState } from '@/components/ui/query-state';
import { ApiError } from '@/lib/api/errors';
import type { Ticket } from '@/lib/api/types';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format';
import { useLabel } from '@/lib/taxonomy';
import { displayName } from '@/lib/users';
import { useTicket } from '../api/get-ticket';
import { useTicketAttachments } from '../api/get-ticket-attachments';
import { AssignmentControl } from './assignment-control';
import { SlaPanel } from './sla-summary';
import { TagEditor } from './tag-editor';
import {
  type EditableField,
  FIELD_KIND,
  FIELD_LABEL,
  TicketFieldSelect,
} from './ticket-field-select';

/** The files sent with the ticket itself (a reply's files show on the reply). */
function TicketFiles({ ticketId }: { ticketId: number }) {
  const files = useTicketAttachments(ticketId).data ?? [];
  return (
    <AttachmentList
      files={files.filter((file) => file.message_id === null)}
      label="Files sent with the ticket"
    />
  );
}

function Timestamp({ value }: { value: string | null }) {
  return value ? <time dateTime={value}>{formatDateTime(value)}</time> : <span>—</span>;
}

const TIMESTAMPS: Array<{ label: string; pick: (ticket: Ticket) => string | null }> = [
  { label: 'Created', pick: (ticket) => ticket.created_at },
  { label: 'Last updated', pick: (ticket) => ticket.updated_at },
  { label: 'Resolved', pick: (ticket) => ticket.resolved_at },
];

const FIELDS: EditableField[] = ['status', 'category', 'priority'];

function ReadOnlyField({ ticket, field }: { ticket: Ticket; field: EditableField }) {
  const labelOf = useLabel(FIELD_KIND[field]);
  return (
    <div>
      <dt>{FIELD_LABEL[field]}</dt>
      <dd>{labelOf(ticket[field])}</dd>
    </div>
  );
}

/** Requesters see where their ticket stands; they cannot change it. */
function RequesterView({ ticket }: { ticket: Ticket }) {
  return (
    <dl className="ticket-detail__facts">
      {FIELDS.map((field) => (
        <ReadOnlyField key={field} ticket={ticket} field={field} />
      ))}
      <div>
        <dt>Handled by</dt>
        <dd>{ticket.assignee ? displayName(ticket.assignee) : 'Not assigned yet'}</dd>
      </div>
    </dl>
  );
}

/** Agents change status, category, priority and assignment in place. */
function AgentView({ ticket }: { ticket: Ticket }) {
  return (
    <>
      <p className="ticket-detail__requester">
        Requested by {ticket.requester ? displayName(ticket.requester) : 'an unknown customer'}
      </p>
      <div className="ticket-detail__fields">
        {FIELDS.map((field) => (
          <TicketFieldSelect key={field} ticket={ticket} field={field} idPrefix="detail" />
        ))}
      </div>
      <AssignmentControl ticket={ticket} />
      <TagEditor ticket={ticket} />
      {ticket.sla ? <SlaPanel sla={ticket.sla} /> : null}
      <TicketLinks ticket={ticket} />
    </>
  );
}

function satisfactionText(satisfaction: Ticket['satisfaction']): string {
  if (!satisfaction) return 'Not asked yet';
  if (!satisfaction.rating) return 'Asked, no answer yet';
  const rating = satisfaction.rating === 'good' ? 'Good' : 'Bad';
  return satisfaction.comment ? `${rating}: “${satisfaction.comment}”` : rating;
}

/** The detected language, the requester's rating, and the duplicate links both ways. */
function TicketLinks({ ticket }: { ticket: Ticket }) {
  const languageOf = useLabel('languages');
  return (
    <dl className="ticket-detail__links">
      <div>
        <dt>Language</dt>
        <dd>{ticket.language ? languageOf(ticket.language) : 'Not detected'}</dd>
      </div>
      <div>
        <dt>Satisfaction</dt>
        <dd>{satisfactionText(ticket.satisfaction)}</dd>
      </div>
      {ticket.duplicate_of ? (
        <div>
          <dt>Duplicate of</dt>
          <dd>
            <Link to={`/tickets/${ticket.duplicate_of}`}>#{ticket.duplicate_of}</Link>
          </dd>
        </div>
      ) : null}
      {ticket.duplicates.length > 0 ? (
        <div>
          <dt>Duplicates</dt>
          <dd>
            {ticket.duplicates.map((id, index) => (
              <span key={id}>
                {index > 0 ? ', ' : ''}
                <Link to={`/tickets/${id}`}>#{id}</Link>
              </span>
            ))}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

/**
 * Every field of one ticket, then `after` (given the loaded ticket) and `children` (the
 * conversation, the history), which appear only once the ticket has loaded.
 */
export function TicketDetail({
  ticketId,
  after,
  channelNote,
  children,
}: {
  ticketId: number;
  after?: (ticket: Ticket) => ReactNode;
  /** Shown beside "By e-mail" on a mailed ticket (agents: whether its sender is proven). */
  channelNote?: ReactNode;
  children?: ReactNode;
}) {
  const query = useTicket(ticketId);
  const staff = isStaff(useCurrentUser());

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
        <>
          <article className="ticket-detail" aria-labelledby="ticket-title">
            <p className="ticket-detail__id">
              Ticket #{query.data.id}
              {query.data.channel === 'email' ? (
                <>
                  <span className="badge badge--channel">By e-mail</span> {channelNote}
                </>
              ) : null}
            </p>
            <h1 id="ticket-title" className="ticket-detail__title">
              {query.data.title}
            </h1>
            {staff ? <AgentView ticket={query.data} /> : <RequesterView ticket={query.data} />}
            <h2 className="ticket-detail__subheading">Description</h2>
            <p className="ticket-detail__description">{query.data.description}</p>
            <TicketFiles ticketId={query.data.id} />
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
          {after?.(query.data)}
          {children}
        </>
      ) : null}
    </QueryState>
  );
}
