import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { QueryState } from '@/components/ui/query-state';
import { errorMessage } from '@/lib/api/errors';
import type { SimilarTicket } from '@/lib/api/types';
import { useLabel } from '@/lib/taxonomy';
import { useSimilarTickets } from '../api/get-similar-tickets';
import { useMarkDuplicate } from '../api/mark-duplicate';
import { useMergeTicket } from '../api/merge-ticket';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

type Action = { kind: 'duplicate' | 'merge'; target: SimilarTicket };

/** Confirms "mark as duplicate of #N" (with an optional reply) or "merge into #N". */
function ConfirmAction({
  ticketId,
  action,
  onDone,
}: {
  ticketId: number;
  action: Action;
  onDone: () => void;
}) {
  const [reply, setReply] = useState('');
  const duplicate = useMarkDuplicate();
  const merge = useMergeTicket();
  const pending = duplicate.isPending || merge.isPending;
  const error = duplicate.error ?? merge.error;
  const target = action.target.id;

  function confirm() {
    if (action.kind === 'duplicate') {
      duplicate.mutate({ ticketId, duplicateOf: target, reply }, { onSuccess: onDone });
    } else {
      merge.mutate({ ticketId, into: target }, { onSuccess: onDone });
    }
  }

  return (
    <div className="similar__confirm">
      {action.kind === 'duplicate' ? (
        <>
          <p>
            Close this ticket as a duplicate of #{target}. Both tickets will link to each other.
          </p>
          <label htmlFor="duplicate-reply">Reply to the requester (optional)</label>
          <textarea
            id="duplicate-reply"
            rows={3}
            value={reply}
            onChange={(event) => setReply(event.target.value)}
          />
        </>
      ) : (
        <p>
          Move this ticket's conversation into #{target} and close it. The move is recorded on both
          timelines.
        </p>
      )}
      {error ? <Alert tone="error">Could not do it: {errorMessage(error)}</Alert> : null}
      <div className="similar__buttons">
        <button type="button" className="button" disabled={pending} onClick={confirm}>
          {action.kind === 'duplicate'
            ? `Mark as duplicate of #${target}`
            : `Merge into #${target}`}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function SimilarRow({
  item,
  onAction,
}: {
  item: SimilarTicket;
  onAction: (action: Action) => void;
}) {
  const statusLabel = useLabel('statuses');
  return (
    <li className="similar__item">
      <div className="similar__head">
        <Link to={`/tickets/${item.id}`}>
          #{item.id} {item.title}
        </Link>
        <span className="similar__score" title="How alike the two texts are">
          {percent.format(Math.max(0, item.score))} alike
        </span>
      </div>
      <div className="similar__meta">
        <Badge kind="status" value={item.status}>
          {statusLabel(item.status)}
        </Badge>
        {item.has_public_agent_reply ? (
          <Badge kind="reply" value="answered">
            Answered
          </Badge>
        ) : (
          <span className="similar__unanswered">No public reply yet</span>
        )}
        <button
          type="button"
          className="button button--link"
          onClick={() => onAction({ kind: 'duplicate', target: item })}
        >
          Mark as duplicate of #{item.id}
        </button>
        <button
          type="button"
          className="button button--link"
          onClick={() => onAction({ kind: 'merge', target: item })}
        >
          Merge into #{item.id}
        </button>
      </div>
    </li>
  );
}

/** Earlier tickets that read like this one, and how they went: for agents on the ticket page. */
export function SimilarTickets({ ticketId }: { ticketId: number }) {
  const query = useSimilarTickets(ticketId);
  const [action, setAction] = useState<Action | null>(null);
  const items = query.data ?? [];
  return (
    <section className="similar" aria-labelledby="similar-heading">
      <h2 id="similar-heading">Similar tickets</h2>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadingLabel="Looking for similar tickets…"
      >
        {items.length === 0 ? (
          <p className="similar__empty">No earlier ticket reads like this one.</p>
        ) : (
          <ol className="similar__list">
            {items.map((item) => (
              <SimilarRow key={item.id} item={item} onAction={setAction} />
            ))}
          </ol>
        )}
      </QueryState>
      {action ? (
        <ConfirmAction ticketId={ticketId} action={action} onDone={() => setAction(null)} />
      ) : null}
    </section>
  );
}
