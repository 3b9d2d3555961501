import type { ReactNode } from 'react';

/** A small label; `kind` and `value` pick its colour (e.g. priority critical is red). */
export function Badge({
  kind,
  value,
  children,
}: {
  kind: string;
  value: string;
  children: ReactNode;
}) {
  return <span className={`badge badge--${kind} badge--${kind}-${value}`}>{children}</span>;
}
