import { Navigate, useSearchParams } from 'react-router';
import { CodeForm, LoginForm, SsoError, SsoSignIn } from '@/features/auth';
import { SignInLinkForm } from '@/features/customers';
import { secondFactorOwed, useCurrentUser } from '@/lib/auth/current-user';
import { useDocumentTitle } from '@/lib/use-document-title';

/** Only a path on this site: `next=//evil.example` must not send anyone away. */
export function safeNext(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : '/';
}

export function LoginRoute() {
  useDocumentTitle('Sign in');
  const user = useCurrentUser();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const owed = secondFactorOwed(user);
  if (owed === 'setup') return <Navigate to="/security" replace />;
  if (owed === 'verify') {
    // Signed in another way (an e-mailed link, single sign-on): only the code is missing.
    return (
      <section className="panel sign-in" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <CodeForm />
      </section>
    );
  }
  if (user) return <Navigate to={next} replace />;
  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p>Sign in to see your tickets and the replies from our support team.</p>
      <SsoError code={params.get('sso_error')} />
      <SsoSignIn next={next} />
      <div className="sign-in__ways">
        <LoginForm />
        <SignInLinkForm {...(next === '/' ? {} : { next })} />
      </div>
      <p className="sign-in__aside">
        New here? <a href="/request">Send us a request</a>, no account needed.
      </p>
    </section>
  );
}
