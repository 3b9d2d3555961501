import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { TicketStats } from '@/lib/api/types';
import { formatNumber, formatPercent } from '@/lib/format';
import { useChoices } from '@/lib/taxonomy';

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

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

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

/** Breaches per day over the last 30 days; the numbers follow as a list for screen readers. */
function BreachesPerDay({ days }: { days: TicketStats['sla']['breaches_per_day'] }) {
  const rows = days.map((day) => ({
    label: shortDate.format(new Date(`${day.date}T12:00:00Z`)),
    breaches: day.breaches,
  }));
  const total = days.reduce((sum, day) => sum + day.breaches, 0);
  return (
    <figure className="chart" aria-labelledby="chart-breaches">
      <figcaption id="chart-breaches" className="chart__title">
        Breaches per day (last 30 days: {formatNumber(total)})
      </figcaption>
      <div className="chart__plot" aria-hidden="true">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart
            data={rows}
            margin={{ top: 8, right: 8, bottom: 0, left: -24 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Bar dataKey="breaches" fill="#D55E00" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart__legend chart__legend--days">
        {rows
          .filter((row) => row.breaches > 0)
          .map((row) => (
            <li key={row.label}>
              {row.label}: <strong>{formatNumber(row.breaches)}</strong>
            </li>
          ))}
      </ul>
    </figure>
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
