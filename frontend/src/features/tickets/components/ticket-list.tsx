import { Alert } from '@/components/ui/alert';
import { QueryState } from '@/components/ui/query-state';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/api/errors';
import { useTickets } from '../api/get-tickets';
import { useTicketFilters } from '../hooks/use-ticket-filters';
import { TicketFiltersBar } from './ticket-filters';
import { TicketListItem } from './ticket-list-item';

function EmptyState({
  filtered,
  onClear,
  message,
}: {
  filtered: boolean;
  onClear: () => void;
  message: string;
}) {
  if (!filtered) return <p className="empty-state">{message}</p>;
  return (
    <div className="empty-state">
      <p>No tickets match these filters.</p>
      <button type="button" className="button button--secondary" onClick={onClear}>
        Clear filters
      </button>
    </div>
  );
}

type TicketListProps = {
  /** Only tickets assigned to `me`, to nobody (`none`), or to an agent's id. */
  assignee?: string;
  /** Shown when there are no tickets at all in this view. */
  emptyMessage?: string;
};

/** Newest tickets first, with URL-kept filters and a "Load more" button for further pages. */
export function TicketList({
  assignee,
  emptyMessage = 'No tickets yet. New tickets will appear here.',
}: TicketListProps) {
  const { filters, hasFilters, clearFilters } = useTicketFilters();
  const query = useTickets(assignee ? { ...filters, assignee } : filters);
  const tickets = query.data?.pages.flatMap((page) => page.tickets) ?? [];

  return (
    <div className="ticket-list">
      <TicketFiltersBar />
      <QueryState
        isPending={query.isPending}
        error={query.isError && !query.data ? query.error : null}
        onRetry={() => void query.refetch()}
        loadingLabel="Loading tickets…"
      >
        {tickets.length === 0 ? (
          <EmptyState filtered={hasFilters} onClear={clearFilters} message={emptyMessage} />
        ) : (
          <>
            <p className="ticket-list__count" aria-live="polite">
              Showing {tickets.length} {tickets.length === 1 ? 'ticket' : 'tickets'}
              {query.hasNextPage ? ' (more available)' : ''}
              {query.isFetching && !query.isFetchingNextPage ? (
                <Spinner label="Refreshing" />
              ) : null}
            </p>
            <ul className="ticket-list__items">
              {tickets.map((ticket) => (
                <TicketListItem key={ticket.id} ticket={ticket} />
              ))}
            </ul>
            {query.isFetchNextPageError ? (
              <Alert tone="error">Could not load more tickets: {errorMessage(query.error)}</Alert>
            ) : null}
            {query.hasNextPage ? (
              <button
                type="button"
                className="button button--secondary ticket-list__more"
                disabled={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                {query.isFetchingNextPage ? 'Loading more…' : 'Load more tickets'}
              </button>
            ) : null}
          </>
        )}
      </QueryState>
    </div>
  );
}
