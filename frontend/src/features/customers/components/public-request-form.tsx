import { type FormEvent, useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { FilePicker } from '@/components/ui/file-picker';
import { QueryState } from '@/components/ui/query-state';
import { ApiError, errorMessage, type FieldErrors } from '@/lib/api/errors';
import { FIELD_LIMITS } from '@/lib/api/field-limits';
import type { PublicTicketAccepted } from '@/lib/api/types';
import { usePublicForm } from '../api/get-public-form';
import { useSubmitPublicRequest } from '../api/submit-public-request';

const LIMITS = FIELD_LIMITS.PublicTicketRequest;
type Values = { name: string; email: string; title: string; description: string; website: string };
const EMPTY: Values = { name: '', email: '', title: '', description: '', website: '' };
const FIELDS = ['name', 'email', 'title', 'description'] as const;
const REQUIRED: Record<(typeof FIELDS)[number], string> = {
  name: 'Enter your name.',
  email: 'Enter your e-mail address.',
  title: 'Say in a few words what it is about.',
  description: 'Describe your request.',
};

/**
 * The public request form: no sign-in, no triage suggestions (the ticket is triaged once
 * filed). A hidden "website" field is left empty by people and filled in by bots.
 */
export function PublicRequestForm() {
  const form = usePublicForm();
  const submit = useSubmitPublicRequest();
  const [values, setValues] = useState<Values>(EMPTY);
  const [files, setFiles] = useState<File[]>([]);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [accepted, setAccepted] = useState<PublicTicketAccepted | null>(null);
  const id = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: FieldErrors = {};
    for (const field of FIELDS) if (!values[field].trim()) missing[field] = [REQUIRED[field]];
    setFieldErrors(missing);
    submit.reset();
    const first = FIELDS.find((field) => missing[field]);
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    submit.mutate(
      { ...values, form_token: form.data?.form_token ?? '', files },
      {
        onSuccess: (answer) => {
          setAccepted(answer);
          setValues(EMPTY);
          setFiles([]);
          // A form token files one request: the next one needs a fresh form.
          void form.refetch();
        },
        onError: (error) => {
          if (error instanceof ApiError) setFieldErrors(error.fieldErrors);
          // Already used (sent twice): a fresh token lets the visitor file another request.
          if (error instanceof ApiError && error.status === 409) void form.refetch();
        },
      },
    );
  }

  if (accepted) {
    return (
      <>
        <Alert tone="success">
          <strong>Request #{accepted.ticket_number} received.</strong> {accepted.detail}
        </Alert>
        <button
          type="button"
          className="button button--secondary"
          disabled={form.isFetching}
          onClick={() => {
            submit.reset();
            setAccepted(null);
          }}
        >
          File another request
        </button>
      </>
    );
  }

  const generalError =
    submit.isError &&
    (!(submit.error instanceof ApiError) || Object.keys(submit.error.fieldErrors).length === 0)
      ? errorMessage(submit.error)
      : null;
  const otherErrors = Object.entries(fieldErrors).filter(
    ([field]) => !(FIELDS as readonly string[]).includes(field),
  );

  return (
    <QueryState
      isPending={form.isPending}
      error={form.error}
      onRetry={() => void form.refetch()}
      loadingLabel="Loading the form…"
    >
      {form.data && !form.data.enabled ? (
        <Alert tone="info">
          Requests through this form are turned off. Please write to us by mail, or sign in.
        </Alert>
      ) : (
        <form
          className="ticket-form public-request"
          onSubmit={onSubmit}
          noValidate
          aria-label="Request"
        >
          <div className="ticket-form__row">
            <Field id={`${id}-name`} label="Your name" errors={fieldErrors.name}>
              {(control) => (
                <input
                  {...control}
                  name="name"
                  type="text"
                  autoComplete="name"
                  required
                  maxLength={LIMITS.name}
                  value={values.name}
                  onChange={(event) => setValues((v) => ({ ...v, name: event.target.value }))}
                />
              )}
            </Field>
            <Field
              id={`${id}-email`}
              label="Your e-mail address"
              errors={fieldErrors.email}
              hint="Our answers, and a link to follow your request, go here."
            >
              {(control) => (
                <input
                  {...control}
                  name="email"
                  type="email"
                  autoComplete="email"
                  required
                  maxLength={LIMITS.email}
                  value={values.email}
                  onChange={(event) => setValues((v) => ({ ...v, email: event.target.value }))}
                />
              )}
            </Field>
          </div>
          <Field id={`${id}-title`} label="Subject" errors={fieldErrors.title}>
            {(control) => (
              <input
                {...control}
                name="title"
                type="text"
                required
                maxLength={LIMITS.title}
                autoComplete="off"
                value={values.title}
                onChange={(event) => setValues((v) => ({ ...v, title: event.target.value }))}
              />
            )}
          </Field>
          <Field id={`${id}-description`} label="How can we help?" errors={fieldErrors.description}>
            {(control) => (
              <textarea
                {...control}
                name="description"
                required
                rows={6}
                maxLength={LIMITS.description}
                value={values.description}
                onChange={(event) => setValues((v) => ({ ...v, description: event.target.value }))}
              />
            )}
          </Field>
          {/* Hidden from people (and from screen readers); only bots fill it in. */}
          <div className="public-request__trap" aria-hidden="true">
            <label htmlFor={`${id}-website`}>Website</label>
            <input
              id={`${id}-website`}
              name="website"
              type="text"
              tabIndex={-1}
              autoComplete="off"
              value={values.website}
              onChange={(event) => setValues((v) => ({ ...v, website: event.target.value }))}
            />
          </div>
          <FilePicker id={`${id}-files`} files={files} onChange={setFiles} />
          {otherErrors.map(([field, messages]) => (
            <Alert key={field} tone="error">
              {messages.join(' ')}
            </Alert>
          ))}
          {generalError ? (
            <Alert tone="error">Could not send your request: {generalError}</Alert>
          ) : null}
          <button type="submit" className="button" disabled={submit.isPending || form.isFetching}>
            {submit.isPending ? 'Sending…' : 'Send request'}
          </button>
        </form>
      )}
    </QueryState>
  );
}
