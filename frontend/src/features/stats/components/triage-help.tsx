import type { TicketStats, TriageKept } from '@/lib/api/types';
import { formatNumber } from '@/lib/format';
import { useChoices } from '@/lib/taxonomy';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

/** "12 of 15 (80%)" over the suggestions made, or a dash when none was. */
function keptText(kept: number, made: number, rate: number | null): string {
  if (made === 0 || rate === null) return '—';
  return `${formatNumber(kept)} of ${formatNumber(made)} (${percent.format(rate)})`;
}

/** Tickets the model was unsure about, so it suggested nothing for that label. */
function abstainedText(row: TriageKept): string {
  if (row.category_abstained === 0 && row.priority_abstained === 0) return '—';
  return `category ${formatNumber(row.category_abstained)}, priority ${formatNumber(row.priority_abstained)}`;
}

type Source = keyof TicketStats['triage']['by_source'];

/**
 * How often agents kept what triage suggested at creation: a kept category or
 * priority is one nobody had to correct, the best sign the suggestion helped.
 */
export function TriageHelp({ triage }: { triage: TicketStats['triage'] }) {
  const sources = useChoices('sources');
  const rows: Array<{ label: string; row: TriageKept }> = [
    { label: 'All suggestions', row: triage },
    ...sources
      .filter((source) => source.value in triage.by_source)
      .map((source) => ({ label: source.title, row: triage.by_source[source.value as Source] })),
  ];
  return (
    <section className="triage-help" aria-labelledby="triage-help-heading">
      <h2 id="triage-help-heading">Does the AI help?</h2>
      <p className="triage-help__summary">
        {triage.suggested === 0
          ? 'No ticket has had a suggestion yet.'
          : `${formatNumber(triage.suggested)} ${triage.suggested === 1 ? 'ticket' : 'tickets'} got a suggestion when created. Kept means the ticket still has the suggested value; when the model is unsure it suggests nothing, and those tickets are counted apart.`}
      </p>
      <table className="triage-help__table">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Suggested</th>
            <th scope="col">Category kept</th>
            <th scope="col">Priority kept</th>
            <th scope="col">No suggestion</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, row }) => {
            return (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{formatNumber(row.suggested)}</td>
                <td>
                  {keptText(
                    row.category_kept,
                    row.suggested - row.category_abstained,
                    row.category_kept_rate,
                  )}
                </td>
                <td>
                  {keptText(
                    row.priority_kept,
                    row.suggested - row.priority_abstained,
                    row.priority_kept_rate,
                  )}
                </td>
                <td>{abstainedText(row)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
