export { CodeForm } from './components/code-form';
export { LoginForm } from './components/login-form';
export { SsoError, SsoSignIn } from './components/sso-sign-in';
export { UserMenu } from './components/user-menu';
