import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { QueryState } from '@/components/ui/query-state';
import { Spinner } from '@/components/ui/spinner';
import { errorMessage } from '@/lib/api/errors';
import type { BulkResponse } from '@/lib/api/types';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';
import type { TicketFilters } from '@/lib/query-keys';
import { useTickets } from '../api/get-tickets';
import { useTicketFilters } from '../hooks/use-ticket-filters';
import { BulkBar, BulkOutcome } from './bulk-bar';
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

/** The export link carries the list's filters (and order): the file is the list, whole. */
function exportHref(filters: TicketFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  const query = params.toString();
  return `/api/tickets/export.csv${query ? `?${query}` : ''}`;
}

/** Newest tickets first, with URL-kept filters and a "Load more" button for further pages;
 * agents can select tickets and change them together. */
export function TicketList({
  assignee,
  emptyMessage = 'No tickets yet. New tickets will appear here.',
}: TicketListProps) {
  const { filters, hasFilters, clearFilters } = useTicketFilters();
  const listFilters = assignee ? { ...filters, assignee } : filters;
  const query = useTickets(listFilters);
  const tickets = query.data?.pages.flatMap((page) => page.tickets) ?? [];
  const staff = isStaff(useCurrentUser());
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [outcome, setOutcome] = useState<BulkResponse | null>(null);
  const shownIds = tickets.map((ticket) => ticket.id);
  const selectedIds = shownIds.filter((id) => selected.has(id));
  const allSelected = shownIds.length > 0 && selectedIds.length === shownIds.length;

  function toggle(id: number, on: boolean) {
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function applied(result: BulkResponse) {
    setOutcome(result);
    // The tickets that changed leave the selection; the ones that failed stay, to retry.
    setSelected(new Set(result.results.filter((item) => !item.ok).map((item) => item.id)));
  }

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
            {staff ? (
              <div className="ticket-list__tools">
                <div className="checkbox">
                  <input
                    id="select-all"
                    type="checkbox"
                    checked={allSelected}
                    onChange={(event) => setSelected(new Set(event.target.checked ? shownIds : []))}
                  />
                  <label htmlFor="select-all">Select all shown</label>
                </div>
                <a className="button button--secondary" href={exportHref(listFilters)} download>
                  Export CSV
                </a>
              </div>
            ) : null}
            {staff && selectedIds.length > 0 ? (
              <BulkBar ids={selectedIds} onApplied={applied} />
            ) : null}
            {outcome ? <BulkOutcome result={outcome} /> : null}
            <p className="ticket-list__count" aria-live="polite">
              Showing {tickets.length} {tickets.length === 1 ? 'ticket' : 'tickets'}
              {query.hasNextPage ? ' (more available)' : ''}
              {query.isFetching && !query.isFetchingNextPage ? (
                <Spinner label="Refreshing" />
              ) : null}
            </p>
            <ul className="ticket-list__items">
              {tickets.map((ticket) => (
                <TicketListItem
                  key={ticket.id}
                  ticket={ticket}
                  {...(staff
                    ? { selected: selected.has(ticket.id), onSelect: (on) => toggle(ticket.id, on) }
                    : {})}
                />
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
