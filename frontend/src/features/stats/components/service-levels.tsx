import type { TicketStats } from '@/lib/api/types';
import { formatNumber, formatPercent } from '@/lib/format';
import { useChoices } from '@/lib/taxonomy';
import { DayBarChart } from './day-bar-chart';

const TARGETS = [
  ['first_response', 'First response'],
  ['next_response', 'Next response'],
  ['resolution', 'Resolution'],
] as const;

const AGES = [
  ['today', 'Today'],
  ['1_to_2_days', '1–2 days'],
  ['3_to_6_days', '3–6 days'],
  ['7_to_29_days', '7–29 days'],
  ['30_days_or_more', '30 days or more'],
] as const;

/** Targets met per target and priority, as a table (met of reached, and the share). */
function Attainment({ sla }: { sla: TicketStats['sla'] }) {
  const priorities = useChoices('priorities');
  return (
    <table className="attainment">
      <caption>Targets met, by priority</caption>
      <thead>
        <tr>
          <th scope="col">Target</th>
          {priorities.map((priority) => (
            <th key={priority.value} scope="col">
              {priority.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {TARGETS.map(([target, label]) => (
          <tr key={target}>
            <th scope="row">{label}</th>
            {priorities.map((priority) => {
              const cell =
                sla.attainment[target][
                  priority.value as keyof (typeof sla.attainment)[typeof target]
                ];
              const reached = cell.met + cell.breached;
              return (
                <td key={priority.value}>
                  {reached ? `${formatPercent(cell.attainment)} (${cell.met} of ${reached})` : '—'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Breaches per day over the last 30 days. */
function BreachesPerDay({ days }: { days: TicketStats['sla']['breaches_per_day'] }) {
  const total = days.reduce((sum, day) => sum + day.breaches, 0);
  return (
    <DayBarChart
      id="chart-breaches"
      title={`Breaches per day (last 30 days: ${formatNumber(total)})`}
      days={days}
      bars={[{ key: 'breaches', name: 'Breaches', fill: '#D55E00' }]}
      dayText={(day) => <strong>{formatNumber(day.breaches)}</strong>}
    />
  );
}

/** Service levels on the dashboard: attainment, breaches per day, the open backlog's age. */
export function ServiceLevels({ stats }: { stats: TicketStats }) {
  return (
    <section className="service-levels" aria-labelledby="service-levels-heading">
      <h2 id="service-levels-heading">Service levels</h2>
      <Attainment sla={stats.sla} />
      <div className="stats__charts">
        <BreachesPerDay days={stats.sla.breaches_per_day} />
        <figure className="chart" aria-labelledby="chart-backlog">
          <figcaption id="chart-backlog" className="chart__title">
            Open backlog by age ({formatNumber(stats.backlog.unresolved)} unresolved)
          </figcaption>
          <ul className="chart__legend">
            {AGES.map(([key, label]) => (
              <li key={key}>
                {label}: <strong>{formatNumber(stats.backlog.by_age[key])}</strong>
              </li>
            ))}
          </ul>
        </figure>
      </div>
    </section>
  );
}
