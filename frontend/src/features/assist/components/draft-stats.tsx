import { QueryState } from '@/components/ui/query-state';
import type { DraftOutcomes } from '@/lib/api/types';
import { formatNumber } from '@/lib/format';
import { useDraftStats } from '../api/get-draft-stats';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

function rate(value: number | null): string {
  return value === null ? '—' : percent.format(value);
}

const SOURCES: Array<{ key: 'llm' | 'retrieval'; label: string }> = [
  { key: 'llm', label: 'Language model' },
  { key: 'retrieval', label: 'Past reply' },
];

/** What agents did with the reply drafts, per source: the drafts' "kept" figures. */
export function DraftStats() {
  const query = useDraftStats();
  const stats = query.data;
  const rows: Array<{ label: string; row: DraftOutcomes }> = stats
    ? [
        { label: 'All drafts', row: stats.total },
        ...SOURCES.map(({ key, label }) => ({ label, row: stats.by_source[key] })),
      ]
    : [];
  return (
    <section className="draft-stats" aria-labelledby="draft-stats-heading">
      <h2 id="draft-stats-heading">Do the reply drafts help?</h2>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadingLabel="Loading draft figures…"
      >
        <p className="draft-stats__summary">
          Of the drafts agents decided on: sent unchanged, edited before sending (with how much of
          the text changed), or discarded.
        </p>
        <table className="draft-stats__table" aria-labelledby="draft-stats-heading">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Offered</th>
              <th scope="col">Sent unchanged</th>
              <th scope="col">Edited (changed)</th>
              <th scope="col">Discarded</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ label, row }) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{formatNumber(row.offered)}</td>
                <td>{rate(row.sent_unchanged_rate)}</td>
                <td>
                  {rate(row.edited_rate)}
                  {row.mean_edit_ratio !== null ? ` (${rate(row.mean_edit_ratio)})` : ''}
                </td>
                <td>{rate(row.discarded_rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}
