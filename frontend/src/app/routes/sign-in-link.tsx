import { useEffect, useRef } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { Spinner } from '@/components/ui/spinner';
import { SignInLinkForm, useSignInWithLink } from '@/features/customers';
import { errorMessage } from '@/lib/api/errors';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useDocumentTitle } from '@/lib/use-document-title';
import { safeNext } from './login';

/**
 * Where a mail's sign-in link leads: the page posts the token (so a scanner that merely opens
 * the link does not use it up), then goes on to the page the link was for.
 */
export function SignInLinkRoute() {
  useDocumentTitle('Signing in');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const signIn = useSignInWithLink();
  const user = useCurrentUser();
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current || !token) return;
    sent.current = true; // once, even when React runs effects twice
    signIn.mutate(token);
  }, [token, signIn]);

  if (signIn.isSuccess) return <Navigate to={safeNext(signIn.data.next)} replace />;
  if (signIn.isError || !token) {
    return (
      <section className="panel sign-in" aria-labelledby="link-title">
        <h1 id="link-title">This link does not work any more</h1>
        <Alert tone="warning">
          {token ? errorMessage(signIn.error) : 'The link has no sign-in token.'}
        </Alert>
        {user ? (
          <p>
            You are signed in as {user.display_name}: <a href="/">go to your tickets</a>.
          </p>
        ) : (
          <SignInLinkForm />
        )}
      </section>
    );
  }
  return (
    <section className="panel sign-in">
      <Spinner label="Signing you in…" />
    </section>
  );
}
