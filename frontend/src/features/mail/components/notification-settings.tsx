import { Alert } from '@/components/ui/alert';
import { QueryState } from '@/components/ui/query-state';
import { errorMessage } from '@/lib/api/errors';
import { useNotificationChoices } from '../api/get-notification-choices';
import { useUpdateNotificationChoice } from '../api/update-notification-choice';

/** One checkbox per kind of notification mail; a change is saved at once. */
export function NotificationSettings() {
  const query = useNotificationChoices();
  const update = useUpdateNotificationChoice();
  return (
    <section className="panel settings-section" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">E-mail notifications</h2>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadingLabel="Loading your notification settings…"
      >
        <ul className="settings-list">
          {(query.data ?? []).map((choice) => (
            <li key={choice.kind} className="checkbox">
              <input
                id={`notify-${choice.kind}`}
                type="checkbox"
                checked={choice.enabled}
                disabled={update.isPending}
                onChange={(event) =>
                  update.mutate({ kind: choice.kind, enabled: event.target.checked })
                }
              />
              <label htmlFor={`notify-${choice.kind}`}>{choice.title}</label>
            </li>
          ))}
        </ul>
      </QueryState>
      {update.isError ? (
        <Alert tone="error">Could not save: {errorMessage(update.error)}</Alert>
      ) : null}
    </section>
  );
}
