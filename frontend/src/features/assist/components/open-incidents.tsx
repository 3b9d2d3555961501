import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { QueryState } from '@/components/ui/query-state';
import { errorMessage } from '@/lib/api/errors';
import { FIELD_LIMITS } from '@/lib/api/field-limits';
import type { Incident } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { useOpenIncidents } from '../api/get-incidents';
import { useReplyToIncident } from '../api/reply-to-incident';

/** One reply for every ticket of the incident, and optionally resolving them all. */
function ReplyToAll({
  incident,
  reply,
}: {
  incident: Incident;
  reply: ReturnType<typeof useReplyToIncident>;
}) {
  const [body, setBody] = useState('');
  const [resolve, setResolve] = useState(true);
  const idPrefix = `incident-${incident.id}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!body.trim()) return;
    reply.mutate({ incidentId: incident.id, reply: { body, resolve } });
  }

  return (
    <form
      className="incident__reply"
      onSubmit={submit}
      aria-label={`Reply to all of incident ${incident.id}`}
    >
      <label htmlFor={`${idPrefix}-body`}>Reply to all {incident.ticket_count} customers</label>
      <textarea
        id={`${idPrefix}-body`}
        rows={3}
        maxLength={FIELD_LIMITS.MessageRequest.body}
        value={body}
        onChange={(event) => setBody(event.target.value)}
      />
      <div className="checkbox">
        <input
          id={`${idPrefix}-resolve`}
          type="checkbox"
          checked={resolve}
          onChange={(event) => setResolve(event.target.checked)}
        />
        <label htmlFor={`${idPrefix}-resolve`}>Resolve every ticket and the incident</label>
      </div>
      {reply.isError ? (
        <Alert tone="error">Could not send: {errorMessage(reply.error)}</Alert>
      ) : null}
      <button type="submit" className="button" disabled={reply.isPending || !body.trim()}>
        {reply.isPending ? 'Sending…' : resolve ? 'Reply to all and resolve' : 'Reply to all'}
      </button>
    </form>
  );
}

/** Open incidents on the dashboard: many similar tickets that arrived close together. */
export function OpenIncidents() {
  const query = useOpenIncidents();
  const incidents = query.data ?? [];
  // Owned here, not by each form: a resolved incident (and its form) leaves the list as soon
  // as the list is refetched, and the confirmation must outlive it.
  const reply = useReplyToIncident();
  const done = reply.data;
  return (
    <section className="incidents" aria-labelledby="incidents-heading">
      <h2 id="incidents-heading">Open incidents</h2>
      {done ? (
        <Alert tone="success">
          Replied to {done.replied.length} tickets of “{done.incident.title}”
          {done.resolved.length ? `, resolved ${done.resolved.length}` : ''}.
        </Alert>
      ) : null}
      <QueryState
        isPending={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadingLabel="Loading incidents…"
      >
        {incidents.length === 0 ? (
          <p className="incidents__empty">No burst of similar tickets right now.</p>
        ) : (
          <ul className="incidents__list">
            {incidents.map((incident) => (
              <li key={incident.id} className="incident">
                <h3 className="incident__title">{incident.title}</h3>
                <p className="incident__when">
                  {incident.ticket_count} tickets, first{' '}
                  <time dateTime={incident.first_seen}>{formatDateTime(incident.first_seen)}</time>,
                  last{' '}
                  <time dateTime={incident.last_seen}>{formatDateTime(incident.last_seen)}</time>
                </p>
                <ul className="incident__tickets">
                  {incident.tickets.map((ticket) => (
                    <li key={ticket.id}>
                      <Link to={`/tickets/${ticket.id}`}>
                        #{ticket.id} {ticket.title}
                      </Link>
                    </li>
                  ))}
                </ul>
                <ReplyToAll incident={incident} reply={reply} />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
