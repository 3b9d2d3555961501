import { type FormEvent, useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { ApiError, errorMessage } from '@/lib/api/errors';
import { useRequestSignInLink } from '../api/request-sign-in-link';

/** "E-mail me a link": a one-time sign-in link, for people without a password. */
export function SignInLinkForm({ next }: { next?: string }) {
  const [email, setEmail] = useState('');
  const [missing, setMissing] = useState(false);
  const request = useRequestSignInLink();
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMissing(!email.trim());
    if (!email.trim()) return;
    request.mutate(next ? { email, next } : { email });
  }

  const failure =
    request.error instanceof ApiError && request.error.status === 429
      ? 'Too many links asked for. Please wait a while, then try again.'
      : request.isError
        ? errorMessage(request.error)
        : null;

  return (
    <form
      className="login-form sign-in-link"
      onSubmit={submit}
      noValidate
      aria-label="E-mail me a link"
    >
      <h2>No password? E-mail me a link</h2>
      {request.isSuccess ? <Alert tone="success">{request.data}</Alert> : null}
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <Field
        id={`${id}-email`}
        label="E-mail address"
        errors={missing ? ['Enter your e-mail address.'] : undefined}
      >
        {(control) => (
          <input
            {...control}
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button button--secondary" disabled={request.isPending}>
        {request.isPending ? 'Sending…' : 'E-mail me a link'}
      </button>
    </form>
  );
}
