import { Navigate, Outlet, useLocation } from 'react-router';
import { QueryState } from '@/components/ui/query-state';
import { isStaff, secondFactorOwed, useCurrentUser, useSession } from '@/lib/auth/current-user';
import { useSignedOut } from '@/lib/auth/session';

/**
 * Screens behind sign-in. Without a session (none yet, or a 401 from any request)
 * the user goes to /login, which brings them back here afterwards.
 */
export function RequireSession() {
  const session = useSession();
  const signedOut = useSignedOut();
  const location = useLocation();

  if (signedOut || session.data === null) {
    // Only a refused request (signedOut) sends the user back afterwards; signing out does not.
    const here = `${location.pathname}${location.search}`;
    const to = signedOut && here !== '/' ? `/login?next=${encodeURIComponent(here)}` : '/login';
    return <Navigate to={to} replace />;
  }
  // A staff session that owes its second factor may only give it, or set it up.
  const owed = secondFactorOwed(session.data ?? null);
  if (owed === 'verify') return <Navigate to="/login" replace />;
  if (owed === 'setup' && location.pathname !== '/security') {
    return <Navigate to="/security" replace />;
  }
  return (
    <QueryState
      isPending={session.isPending}
      error={session.error}
      onRetry={() => void session.refetch()}
      loadingLabel="Checking your sign-in…"
    >
      <Outlet />
    </QueryState>
  );
}

/** Agents' screens (queues, dashboard); a requester who follows such a link lands on their tickets. */
export function RequireStaff() {
  const user = useCurrentUser();
  return isStaff(user) ? <Outlet /> : <Navigate to="/" replace />;
}
