import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { FilePicker } from '@/components/ui/file-picker';
import { ApiError, errorMessage } from '@/lib/api/errors';
import { FIELD_LIMITS } from '@/lib/api/field-limits';
import { useCreateMessage } from '../api/create-message';

type ReplyFormProps = {
  ticketId: number;
  /** Agents may write internal notes; requesters only reply. */
  canWriteNotes: boolean;
};

/** A reply box; for agents, an "Internal note" checkbox turns the reply into a note only agents see. */
export function ReplyForm({ ticketId, canWriteNotes }: ReplyFormProps) {
  const [body, setBody] = useState('');
  // Stays ticked after sending: a second note should not go out as a reply by accident.
  const [internal, setInternal] = useState(false);
  const [blank, setBlank] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const create = useCreateMessage();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    if (!body.trim()) {
      setBlank(true);
      return;
    }
    setBlank(false);
    create.mutate(
      { ticketId, message: { body, internal: canWriteNotes && internal }, files },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
        },
      },
    );
  }

  const fieldErrors = create.error instanceof ApiError ? create.error.fieldErrors.body : undefined;
  const errors = blank ? ['Write a message first.'] : fieldErrors;
  const asNote = canWriteNotes && internal;

  return (
    <form
      className={asNote ? 'reply-form reply-form--internal' : 'reply-form'}
      onSubmit={submit}
      noValidate
      aria-label={asNote ? 'Add an internal note' : 'Reply'}
    >
      <Field
        id="reply-body"
        label={asNote ? 'Internal note' : 'Your reply'}
        errors={errors}
        hint={asNote ? 'Only agents will see this note.' : undefined}
      >
        {(control) => (
          <textarea
            {...control}
            name="body"
            maxLength={FIELD_LIMITS.MessageRequest.body}
            rows={4}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        )}
      </Field>
      <FilePicker id="reply-files" files={files} onChange={setFiles} />
      {canWriteNotes ? (
        <div className="checkbox">
          <input
            id="reply-internal"
            type="checkbox"
            checked={internal}
            onChange={(event) => setInternal(event.target.checked)}
          />
          <label htmlFor="reply-internal">Internal note (only agents see it)</label>
        </div>
      ) : null}
      {create.isError && !fieldErrors ? (
        <Alert tone="error">Could not send: {errorMessage(create.error)}</Alert>
      ) : null}
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Sending…' : asNote ? 'Add internal note' : 'Send reply'}
      </button>
    </form>
  );
}
