import { NavLink, Outlet } from 'react-router';
import { SignInRequired } from '@/components/layout/sign-in-required';
import { useSignedOut } from '@/lib/auth/session';

const navClass = ({ isActive }: { isActive: boolean }) =>
  isActive ? 'nav__link nav__link--active' : 'nav__link';

export function AppLayout() {
  const signedOut = useSignedOut();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="header">
        <div className="header__inner">
          <NavLink to="/" className="brand" end>
            Support Desk
          </NavLink>
          <nav aria-label="Main">
            <ul className="nav">
              <li>
                <NavLink to="/" className={navClass} end>
                  Tickets
                </NavLink>
              </li>
              <li>
                <NavLink to="/stats" className={navClass}>
                  Dashboard
                </NavLink>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {signedOut ? <SignInRequired /> : <Outlet />}
      </main>
    </>
  );
}
