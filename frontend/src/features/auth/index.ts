export { CodeForm } from './components/code-form';
export { LoginForm } from './components/login-form';
export { UserMenu } from './components/user-menu';
