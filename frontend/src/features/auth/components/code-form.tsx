import { type FormEvent, useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { ApiError, errorMessage } from '@/lib/api/errors';
import { useVerifyCode } from '../api/verify-code';

function codeFailure(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) {
    const seconds = error.retryAfterSeconds;
    const minutes = seconds ? Math.max(1, Math.ceil(seconds / 60)) : 1;
    return `Too many wrong codes. Please wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, then sign in again.`;
  }
  if (error instanceof ApiError) {
    return (
      error.fieldErrors.code?.join(' ') ??
      error.fieldErrors.non_field_errors?.join(' ') ??
      error.message
    );
  }
  return `Could not check the code: ${errorMessage(error)}`;
}

/** The second step of a staff sign-in: the app's six digits, or one of the recovery codes. */
export function CodeForm({ onCancel }: { onCancel?: () => void }) {
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const verify = useVerifyCode();
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    verify.reset();
    const typed = code.trim();
    setMissing(!typed);
    if (!typed) {
      document.getElementById(`${id}-code`)?.focus();
      return;
    }
    verify.mutate(typed);
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate aria-label="Enter your code">
      <p>Open your authenticator app and enter the six-digit code it shows for Support Desk.</p>
      {verify.isError ? <Alert tone="error">{codeFailure(verify.error)}</Alert> : null}
      <Field
        id={`${id}-code`}
        label="Code"
        hint="Lost your phone? Enter one of your recovery codes instead."
        errors={missing ? ['Enter the code from your app.'] : undefined}
      >
        {(control) => (
          <input
            {...control}
            name="code"
            type="text"
            inputMode="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            required
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="button login-form__submit" disabled={verify.isPending}>
        {verify.isPending ? 'Checking…' : 'Verify'}
      </button>
      {onCancel ? (
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Back
        </button>
      ) : null}
    </form>
  );
}
