export { MailStatus } from './components/mail-status';
export { NotificationSettings } from './components/notification-settings';
