import { Alert } from '@/components/ui/alert';
import { errorMessage } from '@/lib/api/errors';
import type { User } from '@/lib/api/types';
import { ROLE_LABEL } from '@/lib/auth/current-user';
import { displayName } from '@/lib/users';
import { useLogout } from '../api/logout';

/** Who is signed in, in which role, and the way out. */
export function UserMenu({ user }: { user: User }) {
  const logout = useLogout();
  return (
    <div className="user-menu">
      <p className="user-menu__who">
        <span className="user-menu__name">{displayName(user)}</span>{' '}
        <span className={`badge badge--role badge--role-${user.role}`}>
          {ROLE_LABEL[user.role]}
        </span>
      </p>
      <button
        type="button"
        className="button button--secondary user-menu__out"
        disabled={logout.isPending}
        // With the session gone, the signed-in screens send the user to /login.
        onClick={() => logout.mutate()}
      >
        Sign out
      </button>
      {logout.isError ? (
        <Alert tone="error">Could not sign out: {errorMessage(logout.error)}</Alert>
      ) : null}
    </div>
  );
}
