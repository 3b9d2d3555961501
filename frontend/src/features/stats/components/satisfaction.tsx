import type { TicketStats } from '@/lib/api/types';
import { formatNumber, formatPercent } from '@/lib/format';
import { useLabel } from '@/lib/taxonomy';
import { DayBarChart } from './day-bar-chart';
import { StatCard } from './stat-card';

type Satisfaction = TicketStats['satisfaction'];
type Figures = Pick<
  Satisfaction,
  'asked' | 'ratings' | 'good' | 'bad' | 'share_good' | 'response_rate'
>;

function figuresText(figures: Figures): string {
  if (!figures.asked) return '—';
  return `${formatPercent(figures.share_good)} good (${figures.good} of ${figures.ratings}), ${formatPercent(figures.response_rate)} answered`;
}

/** Good and bad answers per day of resolution (last 30 days). */
function RatingsPerDay({ days }: { days: Satisfaction['per_day'] }) {
  return (
    <DayBarChart
      id="chart-satisfaction"
      title="Ratings per day of resolution (last 30 days)"
      days={days}
      bars={[
        { key: 'good', name: 'Good', fill: '#009E73' },
        { key: 'bad', name: 'Bad', fill: '#D55E00' },
      ]}
      dayText={(day) => (
        <>
          <strong>{formatNumber(day.good)}</strong> good, <strong>{formatNumber(day.bad)}</strong>{' '}
          bad
        </>
      )}
    />
  );
}

/** Customer satisfaction on the dashboard: the figures, their trend, per agent and category. */
export function SatisfactionPanel({ satisfaction }: { satisfaction: Satisfaction }) {
  const categoryOf = useLabel('categories');
  return (
    <section className="satisfaction-stats" aria-labelledby="satisfaction-heading">
      <h2 id="satisfaction-heading">Customer satisfaction</h2>
      <dl className="stats__cards">
        <StatCard
          label="Rated good"
          value={formatPercent(satisfaction.share_good)}
          note={`${formatNumber(satisfaction.good)} good, ${formatNumber(satisfaction.bad)} bad`}
        />
        <StatCard label="Ratings given" value={formatNumber(satisfaction.ratings)} />
        <StatCard
          label="Response rate"
          value={formatPercent(satisfaction.response_rate)}
          note={`of ${formatNumber(satisfaction.asked)} resolutions asked`}
        />
      </dl>
      <div className="stats__charts">
        <RatingsPerDay days={satisfaction.per_day} />
        <figure className="chart" aria-labelledby="chart-satisfaction-agents">
          <figcaption id="chart-satisfaction-agents" className="chart__title">
            Satisfaction per agent who resolved
          </figcaption>
          <ul className="chart__legend">
            {satisfaction.by_agent.length === 0 ? <li>No resolutions asked yet</li> : null}
            {satisfaction.by_agent.map((agent) => (
              <li key={agent.agent_id ?? 'none'}>
                {agent.name}: <strong>{figuresText(agent)}</strong>
              </li>
            ))}
          </ul>
        </figure>
        <figure className="chart" aria-labelledby="chart-satisfaction-categories">
          <figcaption id="chart-satisfaction-categories" className="chart__title">
            Satisfaction per category
          </figcaption>
          <ul className="chart__legend">
            {Object.entries(satisfaction.by_category).map(([category, figures]) => (
              <li key={category}>
                {categoryOf(category)}: <strong>{figuresText(figures)}</strong>
              </li>
            ))}
          </ul>
        </figure>
      </div>
    </section>
  );
}
