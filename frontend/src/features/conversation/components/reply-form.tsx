import {
  type ComponentType,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  useRef,
  useState,
} from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { FilePicker } from '@/components/ui/file-picker';
import { ApiError, errorMessage } from '@/lib/api/errors';
import { FIELD_LIMITS } from '@/lib/api/field-limits';
import { useCreateMessage } from '../api/create-message';

/** A prepared reply chosen from a picker: its text, what it also does, and how to send it. */
export type ReplyTemplate = {
  title: string;
  body: string;
  actions: string | null;
  send: (input: { body: string; internal: boolean }) => Promise<unknown>;
};

/** A picker of prepared replies, supplied by the app (the saved replies feature). */
export type ReplyTemplatePicker = ComponentType<{
  ticketId: number;
  onChoose: (template: ReplyTemplate) => void;
  onClose: () => void;
}>;

type ReplyFormProps = {
  ticketId: number;
  /** Agents may write internal notes; requesters only reply. */
  canWriteNotes: boolean;
  /** Offers prepared replies: a button, or "/" typed into an empty box, opens it. */
  TemplatePicker?: ReplyTemplatePicker | undefined;
  /** Extra controls above the box (a draft suggester); `fill` replaces the box's text. */
  tools?: (fill: (text: string) => void) => ReactNode;
};

/** A reply box; for agents, an "Internal note" checkbox turns the reply into a note only agents see. */
export function ReplyForm({ ticketId, canWriteNotes, TemplatePicker, tools }: ReplyFormProps) {
  const [body, setBody] = useState('');
  const [picking, setPicking] = useState(false);
  const [template, setTemplate] = useState<ReplyTemplate | null>(null);
  const [sendingTemplate, setSendingTemplate] = useState(false);
  const [templateError, setTemplateError] = useState<unknown>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
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
    const asInternal = canWriteNotes && internal;
    if (template) {
      setTemplateError(null);
      setSendingTemplate(true);
      template
        .send({ body, internal: asInternal })
        .then(() => {
          setBody('');
          setTemplate(null);
        })
        .catch(setTemplateError)
        .finally(() => setSendingTemplate(false));
      return;
    }
    create.mutate(
      { ticketId, message: { body, internal: asInternal }, files },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
        },
      },
    );
  }

  function closePicker() {
    setPicking(false);
    textarea.current?.focus();
  }

  function choose(chosen: ReplyTemplate) {
    setTemplate(chosen);
    setBody(chosen.body);
    closePicker();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (TemplatePicker && event.key === '/' && body === '') {
      event.preventDefault();
      setPicking(true);
    }
  }

  const fieldErrors = create.error instanceof ApiError ? create.error.fieldErrors.body : undefined;
  const errors = blank ? ['Write a message first.'] : fieldErrors;
  const asNote = canWriteNotes && internal;
  const pending = create.isPending || sendingTemplate;

  return (
    <form
      className={asNote ? 'reply-form reply-form--internal' : 'reply-form'}
      onSubmit={submit}
      noValidate
      aria-label={asNote ? 'Add an internal note' : 'Reply'}
    >
      {TemplatePicker ? (
        <div className="reply-form__tools">
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={picking}
            onClick={() => (picking ? closePicker() : setPicking(true))}
          >
            Saved replies
          </button>
          {picking ? (
            <TemplatePicker ticketId={ticketId} onChoose={choose} onClose={closePicker} />
          ) : null}
        </div>
      ) : null}
      {template ? (
        <div className="reply-form__template" role="status">
          Using “{template.title}”
          {template.actions ? `; sending it will also ${template.actions}` : ''}.{' '}
          <button type="button" className="link-button" onClick={() => setTemplate(null)}>
            Send as a plain reply
          </button>
        </div>
      ) : null}
      {tools && !asNote ? tools(setBody) : null}
      <Field
        id="reply-body"
        label={asNote ? 'Internal note' : 'Your reply'}
        errors={errors}
        hint={
          asNote
            ? 'Only agents will see this note.'
            : TemplatePicker
              ? 'Type / in the empty box to pick a saved reply.'
              : undefined
        }
      >
        {(control) => (
          <textarea
            {...control}
            ref={textarea}
            onKeyDown={onKeyDown}
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
      {templateError ? (
        <Alert tone="error">Could not send: {errorMessage(templateError)}</Alert>
      ) : null}
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Sending…' : asNote ? 'Add internal note' : 'Send reply'}
      </button>
    </form>
  );
}
