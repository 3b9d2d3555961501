import { DraftStats, OpenIncidents } from '@/features/assist';
import { StatsDashboard } from '@/features/stats';
import { useDocumentTitle } from '@/lib/use-document-title';

export function StatsRoute() {
  useDocumentTitle('Dashboard');
  return (
    <div className="panel">
      <h1>Dashboard</h1>
      <OpenIncidents />
      <StatsDashboard />
      <DraftStats />
    </div>
  );
}
