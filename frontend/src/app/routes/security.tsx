import { SignInSessions, TwoFactorSettings } from '@/features/security';
import { isStaff, secondFactorOwed, useCurrentUser } from '@/lib/auth/current-user';
import { useDocumentTitle } from '@/lib/use-document-title';

/** Everyone's sessions; for staff, two-factor sign-in (set up here first when it is required). */
export function SecurityRoute() {
  useDocumentTitle('Security');
  const user = useCurrentUser();
  const settingUp = secondFactorOwed(user) === 'setup';
  return (
    <div className="settings-page">
      <h1>Security</h1>
      {isStaff(user) ? <TwoFactorSettings /> : null}
      {settingUp ? null : <SignInSessions />}
    </div>
  );
}
