import { Alert } from '@/components/ui/alert';
import { QueryState } from '@/components/ui/query-state';
import { errorMessage } from '@/lib/api/errors';
import { formatDateTime } from '@/lib/format';
import { useEndOtherSignInSessions } from '../api/end-other-sign-in-sessions';
import { useEndSignInSession } from '../api/end-sign-in-session';
import { useSignInSessions } from '../api/get-sign-in-sessions';

/** Where the person is signed in; any other browser can be signed out from here. */
export function SignInSessions() {
  const sessions = useSignInSessions();
  const end = useEndSignInSession();
  const endOthers = useEndOtherSignInSessions();
  const rows = sessions.data ?? [];
  const others = rows.filter((row) => !row.current).length;

  return (
    <section className="panel settings-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <QueryState
        isPending={sessions.isPending}
        error={sessions.error}
        onRetry={() => void sessions.refetch()}
        loadingLabel="Loading your sessions…"
      >
        <ul className="sessions-list" aria-label="Your sessions">
          {rows.map((row) => (
            <li key={row.id} className="sessions-list__item">
              <div className="sessions-list__about">
                <p className="sessions-list__browser">{row.user_agent || 'Unknown browser'}</p>
                <p className="sessions-list__when">
                  From {row.ip_address ?? 'an unknown address'} · signed in{' '}
                  {formatDateTime(row.created_at)} · last seen {formatDateTime(row.last_seen_at)}
                </p>
              </div>
              {row.current ? (
                <span className="badge">This browser</span>
              ) : (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={end.isPending}
                  aria-label={`End the session of ${row.user_agent || 'an unknown browser'}`}
                  onClick={() => end.mutate(row.id)}
                >
                  End
                </button>
              )}
            </li>
          ))}
        </ul>
        {others > 0 ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={endOthers.isPending}
            onClick={() => endOthers.mutate()}
          >
            Sign out everywhere else
          </button>
        ) : null}
        {endOthers.isSuccess ? (
          <Alert tone="success">
            Signed out of {endOthers.data} other {endOthers.data === 1 ? 'session' : 'sessions'}.
          </Alert>
        ) : null}
        {end.isError || endOthers.isError ? (
          <Alert tone="error">Could not end it: {errorMessage(end.error ?? endOthers.error)}</Alert>
        ) : null}
      </QueryState>
    </section>
  );
}
