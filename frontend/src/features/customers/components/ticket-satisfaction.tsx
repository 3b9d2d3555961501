import type { Ticket } from '@/lib/api/types';
import { useRateTicket } from '../api/rate';
import { SatisfactionForm } from './satisfaction-form';

const RESOLVED = new Set<Ticket['status']>(['resolved', 'closed']);

/** On a resolved ticket's page, its requester answers "How did we do?". */
export function TicketSatisfaction({ ticket }: { ticket: Ticket }) {
  const rate = useRateTicket();
  const satisfaction = ticket.satisfaction;
  if (!satisfaction || !RESOLVED.has(ticket.status)) return null;
  return (
    <SatisfactionForm
      rating={satisfaction.rating}
      comment={satisfaction.comment}
      pending={rate.isPending}
      error={rate.error}
      saved={rate.isSuccess}
      onRate={(input) => rate.mutate({ ticketId: ticket.id, ...input })}
    />
  );
}
