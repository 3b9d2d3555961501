import { Link } from 'react-router';
import { Badge } from '@/components/ui/badge';
import type { Ticket } from '@/lib/api/types';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';
import { formatDateTime, truncate } from '@/lib/format';
import { useLabel } from '@/lib/taxonomy';
import { displayName } from '@/lib/users';
import { SlaBadge } from './sla-summary';
import { TicketFieldSelect } from './ticket-field-select';

const DESCRIPTION_PREVIEW_CHARS = 160;

type TicketListItemProps = {
  ticket: Ticket;
  /** For agents: whether the ticket is selected for a bulk change, and how to toggle it. */
  selected?: boolean;
  onSelect?: (selected: boolean) => void;
};

export function TicketListItem({ ticket, selected = false, onSelect }: TicketListItemProps) {
  const categoryLabel = useLabel('categories');
  const priorityLabel = useLabel('priorities');
  const statusLabel = useLabel('statuses');
  const staff = isStaff(useCurrentUser());
  return (
    <li className="ticket-item">
      <article aria-labelledby={`ticket-${ticket.id}-title`}>
        <div className="ticket-item__head">
          {onSelect ? (
            <input
              type="checkbox"
              className="ticket-item__select"
              checked={selected}
              aria-label={`Select ticket #${ticket.id}: ${ticket.title}`}
              onChange={(event) => onSelect(event.target.checked)}
            />
          ) : null}
          <h3 id={`ticket-${ticket.id}-title`} className="ticket-item__title">
            <Link to={`/tickets/${ticket.id}`}>{ticket.title}</Link>
          </h3>
          <time className="ticket-item__time" dateTime={ticket.created_at}>
            {formatDateTime(ticket.created_at)}
          </time>
        </div>
        <p className="ticket-item__description">
          {truncate(ticket.description, DESCRIPTION_PREVIEW_CHARS)}
        </p>
        <div className="ticket-item__meta">
          <Badge kind="category" value={ticket.category}>
            {categoryLabel(ticket.category)}
          </Badge>
          <Badge kind="priority" value={ticket.priority}>
            {priorityLabel(ticket.priority)}
          </Badge>
          {staff ? (
            <>
              <SlaBadge sla={ticket.sla} />
              {ticket.tags.map((tag) => (
                <span key={tag} className="tag tag--small">
                  {tag}
                </span>
              ))}
              <span className="ticket-item__people">
                {ticket.assignee ? `Assigned to ${displayName(ticket.assignee)}` : 'Unassigned'}
                {ticket.requester ? ` · from ${displayName(ticket.requester)}` : ''}
              </span>
              <TicketFieldSelect ticket={ticket} field="status" idPrefix={`ticket-${ticket.id}`} />
            </>
          ) : (
            <Badge kind="status" value={ticket.status}>
              {statusLabel(ticket.status)}
            </Badge>
          )}
        </div>
      </article>
    </li>
  );
}
