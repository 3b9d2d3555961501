import type { ReactNode } from 'react';
import { errorMessage } from '@/lib/api/errors';
import { Alert } from './alert';
import { Spinner } from './spinner';

type QueryStateProps = {
  isPending: boolean;
  error: unknown;
  onRetry?: () => void;
  loadingLabel: string;
  children: ReactNode;
};

/** The loading and error states every data-backed section shares. */
export function QueryState({ isPending, error, onRetry, loadingLabel, children }: QueryStateProps) {
  if (error) {
    return (
      <Alert
        tone="error"
        action={
          onRetry ? (
            <button type="button" className="button button--secondary" onClick={onRetry}>
              Try again
            </button>
          ) : null
        }
      >
        {errorMessage(error)}
      </Alert>
    );
  }
  if (isPending) {
    return (
      <div className="loading-block" role="status">
        <Spinner />
        <span>{loadingLabel}</span>
      </div>
    );
  }
  return <>{children}</>;
}
