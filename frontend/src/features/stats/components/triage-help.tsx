import type { TicketStats, TriageKept } from '@/lib/api/types';
import { formatNumber } from '@/lib/format';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

/** "12 of 15 (80%)", or a dash when nothing was suggested. */
function keptText(kept: number, suggested: number, rate: number | null): string {
  if (suggested === 0 || rate === null) return '—';
  return `${formatNumber(kept)} of ${formatNumber(suggested)} (${percent.format(rate)})`;
}

const ROWS: Array<{ label: string; pick: (triage: TicketStats['triage']) => TriageKept }> = [
  { label: 'All suggestions', pick: (triage) => triage },
  { label: 'Language model', pick: (triage) => triage.by_source.llm },
  { label: 'Local model', pick: (triage) => triage.by_source.local },
];

/**
 * How often agents kept what triage suggested at creation: a kept category or
 * priority is one nobody had to correct, the best sign the suggestion helped.
 */
export function TriageHelp({ triage }: { triage: TicketStats['triage'] }) {
  return (
    <section className="triage-help" aria-labelledby="triage-help-heading">
      <h2 id="triage-help-heading">Does the AI help?</h2>
      <p className="triage-help__summary">
        {triage.suggested === 0
          ? 'No ticket has had a suggestion yet.'
          : `${formatNumber(triage.suggested)} ${triage.suggested === 1 ? 'ticket' : 'tickets'} got a suggestion when created. Kept means the ticket still has the suggested value.`}
      </p>
      <table className="triage-help__table">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Suggested</th>
            <th scope="col">Category kept</th>
            <th scope="col">Priority kept</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(({ label, pick }) => {
            const row = pick(triage);
            return (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{formatNumber(row.suggested)}</td>
                <td>{keptText(row.category_kept, row.suggested, row.category_kept_rate)}</td>
                <td>{keptText(row.priority_kept, row.suggested, row.priority_kept_rate)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
