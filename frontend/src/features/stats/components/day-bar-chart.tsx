import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';

const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

type DayBar<Row> = { key: keyof Row & string; name: string; fill: string };

/**
 * Counts per day (the last 30 days, oldest first) as bars, stacked when there are several;
 * the days with counts follow as a list, which is what screen readers get.
 */
export function DayBarChart<Row extends { date: string }>({
  id,
  title,
  days,
  bars,
  dayText,
}: {
  id: string;
  title: ReactNode;
  days: Row[];
  bars: Array<DayBar<Row>>;
  dayText: (day: Row) => ReactNode;
}) {
  const rows = days.map((day) => ({
    ...day,
    label: shortDate.format(new Date(`${day.date}T12:00:00Z`)),
  }));
  const counted = rows.filter((row) => bars.some((bar) => Number(row[bar.key]) > 0));
  return (
    <figure className="chart" aria-labelledby={id}>
      <figcaption id={id} className="chart__title">
        {title}
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
            {bars.length > 1 ? <Legend /> : null}
            {bars.map((bar) => (
              <Bar
                key={bar.key}
                dataKey={bar.key as string}
                name={bar.name}
                stackId="day"
                fill={bar.fill}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart__legend chart__legend--days">
        {counted.map((row) => (
          <li key={row.date}>
            {row.label}: {dayText(row)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
