import { QueryState } from '@/components/ui/query-state';
import { formatDateTime } from '@/lib/format';
import { useLabel } from '@/lib/taxonomy';
import { useStaff } from '@/lib/users';
import { useEvents } from '../api/get-events';
import { actorName, describeEvent, personLabel } from './describe-event';

/** The ticket's audit trail for agents: who did what, when, oldest first. */
export function TicketTimeline({ ticketId }: { ticketId: number }) {
  const query = useEvents(ticketId);
  const staff = useStaff({ enabled: true });
  const labels = {
    status: useLabel('statuses'),
    category: useLabel('categories'),
    priority: useLabel('priorities'),
    person: personLabel(staff.data ?? []),
  };
  const sourceLabel = useLabel('sources');
  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">History</h2>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadingLabel="Loading the history…"
      >
        <ol className="timeline__events">
          {(query.data ?? []).map((event) => (
            <li key={event.id} className={`timeline__event timeline__event--${event.actor_kind}`}>
              <span className="timeline__actor">{actorName(event, sourceLabel)}</span>{' '}
              {describeEvent(event, labels)}
              <time className="timeline__time" dateTime={event.created_at}>
                {formatDateTime(event.created_at)}
              </time>
            </li>
          ))}
        </ol>
      </QueryState>
    </section>
  );
}
