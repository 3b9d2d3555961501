import { type FormEvent, useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { ApiError, errorMessage, type FieldErrors } from '@/lib/api/errors';
import type { Credentials } from '@/lib/api/types';
import { useLogin, wantsCode } from '../api/login';
import { CodeForm } from './code-form';

/** Sentences for a refused sign-in; what was typed stays in the form. */
function loginFailure(error: unknown): string | null {
  if (error instanceof ApiError && error.status === 429) {
    const seconds = error.retryAfterSeconds;
    const wait = seconds ? `${seconds} ${seconds === 1 ? 'second' : 'seconds'}` : 'a minute';
    return `Too many sign-in attempts. Please wait ${wait}, then try again.`;
  }
  if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
    return error.fieldErrors.non_field_errors?.join(' ') ?? null;
  }
  return `Could not sign in: ${errorMessage(error)}`;
}

/**
 * Username and password; on success the session cache changes and the route moves on. For
 * staff with two-factor sign-in, the code step follows in its place.
 */
export function LoginForm() {
  const [values, setValues] = useState<Credentials>({ username: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [codeStep, setCodeStep] = useState(false);
  const login = useLogin();
  const formId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!values.username.trim()) missing.username = ['Enter your username.'];
    if (!values.password) missing.password = ['Enter your password.'];
    setFieldErrors(missing);
    login.reset();
    if (Object.keys(missing).length > 0) {
      document.getElementById(`${formId}-${missing.username ? 'username' : 'password'}`)?.focus();
      return;
    }
    login.mutate(values, {
      onSuccess: (result) => setCodeStep(wantsCode(result)),
      onError: (error) => {
        if (error instanceof ApiError) setFieldErrors(error.fieldErrors);
      },
    });
  }

  if (codeStep) {
    return (
      <CodeForm
        onCancel={() => {
          setCodeStep(false);
          setValues((v) => ({ ...v, password: '' }));
          login.reset();
        }}
      />
    );
  }

  const failure = login.isError ? loginFailure(login.error) : null;

  return (
    <form className="login-form" onSubmit={submit} noValidate aria-label="Sign in">
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <Field id={`${formId}-username`} label="Username" errors={fieldErrors.username}>
        {(control) => (
          <input
            {...control}
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={values.username}
            onChange={(event) => setValues((v) => ({ ...v, username: event.target.value }))}
          />
        )}
      </Field>
      <Field id={`${formId}-password`} label="Password" errors={fieldErrors.password}>
        {(control) => (
          <input
            {...control}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={values.password}
            onChange={(event) => setValues((v) => ({ ...v, password: event.target.value }))}
          />
        )}
      </Field>
      <button type="submit" className="button login-form__submit" disabled={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
