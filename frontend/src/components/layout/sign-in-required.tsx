import { useQueryClient } from '@tanstack/react-query';
import { resetSession } from '@/lib/auth/session';

/**
 * Shown when the API says nobody is signed in. A sign-in form takes this place once
 * the API schema has the sign-in operations; until then, "Try again" picks up a
 * session started elsewhere (another tab, the admin site).
 */
export function SignInRequired() {
  const queryClient = useQueryClient();
  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Please sign in</h1>
      <p>You are not signed in, or your session has ended. Sign in, then try again.</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          resetSession();
          void queryClient.invalidateQueries();
        }}
      >
        Try again
      </button>
    </section>
  );
}
