import type { ReactNode } from 'react';

type AlertProps = {
  tone: 'error' | 'info' | 'success' | 'warning';
  children: ReactNode;
  action?: ReactNode;
};

/** A message box; errors interrupt screen readers, the rest are announced politely. */
export function Alert({ tone, children, action }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="alert__body">{children}</div>
      {action}
    </div>
  );
}
