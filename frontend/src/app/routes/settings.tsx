import { MailStatus, NotificationSettings } from '@/features/mail';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useDocumentTitle } from '@/lib/use-document-title';

/** Everyone's notification choices; for admins, how the e-mail channel is set up. */
export function SettingsRoute() {
  useDocumentTitle('Settings');
  const user = useCurrentUser();
  return (
    <div className="settings-page">
      <h1>Settings</h1>
      <NotificationSettings />
      {user?.role === 'admin' ? <MailStatus /> : null}
    </div>
  );
}
