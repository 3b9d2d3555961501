export { SignInSessions } from './components/sign-in-sessions';
export { TwoFactorSettings } from './components/two-factor-settings';
