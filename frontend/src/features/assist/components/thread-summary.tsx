import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { QueryState } from '@/components/ui/query-state';
import { useSummary } from '../api/get-summary';

const REASONS: Record<string, string> = {
  no_language_model: 'Summaries need a language model, and none is configured.',
};

/** "Summarise the thread": what the customer wants, what was tried, what is pending. */
export function ThreadSummary({ ticketId }: { ticketId: number }) {
  const [asked, setAsked] = useState(false);
  const query = useSummary(ticketId, { enabled: asked });
  const summary = query.data;
  return (
    <section className="thread-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      {!asked ? (
        <button type="button" className="button button--secondary" onClick={() => setAsked(true)}>
          Summarise the thread
        </button>
      ) : (
        <QueryState
          isPending={query.isPending}
          error={query.error}
          onRetry={() => void query.refetch()}
          loadingLabel="Summarising…"
        >
          {summary && !summary.available ? (
            <Alert tone="info">
              Summary not available:{' '}
              {REASONS[summary.reason ?? ''] ??
                `the language model did not answer (${summary.reason}).`}
            </Alert>
          ) : null}
          {summary?.available ? (
            <dl className="thread-summary__facts">
              <div>
                <dt>The customer wants</dt>
                <dd>{summary.wants}</dd>
              </div>
              <div>
                <dt>Tried so far</dt>
                <dd>{summary.tried || '—'}</dd>
              </div>
              <div>
                <dt>Pending</dt>
                <dd>{summary.pending || '—'}</dd>
              </div>
            </dl>
          ) : null}
        </QueryState>
      )}
    </section>
  );
}
