import { Alert } from '@/components/ui/alert';
import { oidcStartUrl, useOidcConfig } from '../api/get-oidc-config';

/** What each `sso_error` the server sends the browser back with means, in a sentence. */
const SSO_ERRORS: Record<string, string> = {
  expired: 'That sign-in attempt expired or was already used. Please try again.',
  cancelled: 'Single sign-on was cancelled.',
  provider:
    'The sign-in service could not be reached or refused the request. Please try again later, or sign in another way.',
  invalid_token: "The sign-in service's answer could not be verified. Please try again.",
  no_access:
    'Your account at the sign-in service does not give you access to Support Desk. Ask your administrator for access.',
  disabled: 'Your Support Desk account is deactivated. Ask your administrator.',
  email_taken:
    'A Support Desk account already uses your e-mail address. Sign in with your password, or ask an administrator to link the accounts.',
};

export function ssoErrorMessage(code: string): string {
  return SSO_ERRORS[code] ?? 'Single sign-on did not work. Please try again.';
}

/** The sentence for a failed single sign-on, when the server sent the browser back with one. */
export function SsoError({ code }: { code: string | null }) {
  if (!code) return null;
  return <Alert tone="error">{ssoErrorMessage(code)}</Alert>;
}

/**
 * "Sign in with <label>": a plain link, since the browser itself must go to the provider and
 * back (shown only when the server has a provider configured).
 */
export function SsoSignIn({ next }: { next: string }) {
  const config = useOidcConfig();
  if (!config.data?.enabled) return null;
  return (
    <div className="sso-sign-in">
      <a className="button sso-sign-in__button" href={oidcStartUrl(next)}>
        Sign in with {config.data.button_label}
      </a>
    </div>
  );
}
