import { TicketList } from '@/features/tickets';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';
import { useDocumentTitle } from '@/lib/use-document-title';

export type TicketView = 'all' | 'mine' | 'unassigned';

const VIEWS: Record<TicketView, { title: string; assignee?: string; empty: string }> = {
  all: { title: 'All tickets', empty: 'No tickets yet. New tickets will appear here.' },
  mine: { title: 'My tickets', assignee: 'me', empty: 'No tickets are assigned to you.' },
  unassigned: {
    title: 'Unassigned tickets',
    assignee: 'none',
    empty: 'Every ticket has someone working on it.',
  },
};

/** A ticket queue; for requesters the API returns only their own tickets. */
export function TicketsRoute({ view }: { view: TicketView }) {
  const staff = isStaff(useCurrentUser());
  const { title, assignee, empty } = staff
    ? VIEWS[view]
    : { title: 'My tickets', assignee: undefined, empty: 'You have not opened a ticket yet.' };
  useDocumentTitle(title);
  return (
    <section className="tickets-page" aria-labelledby="tickets-heading">
      <h1 id="tickets-heading">{title}</h1>
      <TicketList key={view} {...(assignee ? { assignee } : {})} emptyMessage={empty} />
    </section>
  );
}
