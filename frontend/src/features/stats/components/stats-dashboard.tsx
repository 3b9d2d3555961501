import { QueryState } from '@/components/ui/query-state';
import { formatHours, formatNumber } from '@/lib/format';
import { useStats } from '../api/get-stats';
import { BreakdownChart } from './breakdown-chart';
import { SatisfactionPanel } from './satisfaction';
import { ServiceLevels } from './service-levels';
import { StatCard } from './stat-card';
import { TriageHelp } from './triage-help';

/** Totals and breakdowns; kept fresh by the invalidation every ticket change triggers. */
export function StatsDashboard() {
  const query = useStats();
  const stats = query.data;
  return (
    <QueryState
      isPending={query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      loadingLabel="Loading statistics…"
    >
      {stats ? (
        <div className="stats">
          <dl className="stats__cards">
            <StatCard label="Total tickets" value={formatNumber(stats.total_tickets)} />
            <StatCard label="Open tickets" value={formatNumber(stats.open_tickets)} />
            <StatCard
              label="Average per day"
              value={formatNumber(stats.avg_tickets_per_day)}
              note="over days with tickets"
            />
            <StatCard label="Average resolution" value={formatHours(stats.avg_resolution_hours)} />
            <StatCard
              label="Median resolution"
              value={formatHours(stats.median_resolution_hours)}
            />
            <StatCard
              label="Median first response"
              value={formatHours(stats.first_response.median_hours)}
              note={`90% within ${formatHours(stats.first_response.p90_hours)}`}
            />
            <StatCard
              label="Unresolved backlog"
              value={formatNumber(stats.backlog.unresolved)}
              note={
                stats.backlog.oldest_created_on
                  ? `oldest from ${stats.backlog.oldest_created_on}`
                  : 'nothing waiting'
              }
            />
          </dl>
          <div className="stats__charts">
            <BreakdownChart title="By status" kind="statuses" counts={stats.status_breakdown} />
            <BreakdownChart
              title="By category"
              kind="categories"
              counts={stats.category_breakdown}
            />
            <BreakdownChart
              title="By priority"
              kind="priorities"
              counts={stats.priority_breakdown}
            />
          </div>
          <SatisfactionPanel satisfaction={stats.satisfaction} />
          <ServiceLevels stats={stats} />
          <TriageHelp triage={stats.triage} />
        </div>
      ) : null}
    </QueryState>
  );
}
