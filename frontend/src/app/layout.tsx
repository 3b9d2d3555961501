import { Link, NavLink, Outlet } from 'react-router';
import { UserMenu } from '@/features/auth';
import type { User } from '@/lib/api/types';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';

const navClass = ({ isActive }: { isActive: boolean }) =>
  isActive ? 'nav__link nav__link--active' : 'nav__link';

type NavItem = { to: string; label: string };

/** Requesters work with their own tickets; agents also see queues and the dashboard. */
const REQUESTER_NAV: NavItem[] = [
  { to: '/', label: 'My tickets' },
  { to: '/new', label: 'New ticket' },
  { to: '/settings', label: 'Settings' },
  { to: '/security', label: 'Security' },
];

const AGENT_NAV: NavItem[] = [
  { to: '/', label: 'All tickets' },
  { to: '/mine', label: 'My tickets' },
  { to: '/unassigned', label: 'Unassigned' },
  { to: '/new', label: 'New ticket' },
  { to: '/saved-replies', label: 'Saved replies' },
  { to: '/stats', label: 'Dashboard' },
  { to: '/settings', label: 'Settings' },
  { to: '/security', label: 'Security' },
];

function MainNav({ user }: { user: User }) {
  return (
    <nav aria-label="Main">
      <ul className="nav">
        {(isStaff(user) ? AGENT_NAV : REQUESTER_NAV).map(({ to, label }) => (
          <li key={to}>
            <NavLink to={to} className={navClass} end>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function AppLayout() {
  const user = useCurrentUser();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <div className="header__inner">
          <Link to="/" className="brand">
            Support Desk
          </Link>
          {user ? <MainNav user={user} /> : null}
          {user ? <UserMenu user={user} /> : null}
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
