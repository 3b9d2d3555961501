import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { formatNumber } from '@/lib/format';
import { type TaxonomyKind, useChoices } from '@/lib/taxonomy';

type BreakdownChartProps = {
  title: string;
  kind: TaxonomyKind;
  counts: Record<string, number>;
};

// Colour-blind-safe palette (Okabe–Ito), in taxonomy order.
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];

/**
 * Bars per taxonomy value. The chart is decorative for assistive technology; the
 * same numbers follow as a list, which also reads well on a narrow phone screen.
 */
export function BreakdownChart({ title, kind, counts }: BreakdownChartProps) {
  const choices = useChoices(kind);
  // Taxonomy order and titles; values the taxonomy does not know yet still show.
  const known = choices.map((choice) => ({ key: choice.value, label: choice.title }));
  const unknown = Object.keys(counts)
    .filter((key) => !choices.some((choice) => choice.value === key))
    .map((key) => ({ key, label: key }));
  const rows = [...known, ...unknown].map((row) => ({ ...row, count: counts[row.key] ?? 0 }));
  const headingId = `chart-${kind}`;

  return (
    <figure className="chart" aria-labelledby={headingId}>
      <figcaption id={headingId} className="chart__title">
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
            <XAxis dataKey="label" interval={0} tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Bar dataKey="count" isAnimationActive={false}>
              {rows.map((row, index) => (
                <Cell key={row.key} fill={COLOURS[index % COLOURS.length]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="chart__legend">
        {rows.map((row, index) => (
          <li key={row.key}>
            <span
              className="chart__swatch"
              style={{ background: COLOURS[index % COLOURS.length] }}
              aria-hidden="true"
            />
            {row.label}: <strong>{formatNumber(row.count)}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}
