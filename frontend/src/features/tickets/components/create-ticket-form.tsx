import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { ChoiceSelect } from '@/components/ui/choice-select';
import { Field } from '@/components/ui/field';
import { FilePicker } from '@/components/ui/file-picker';
import { ApiError, errorMessage, type FieldErrors } from '@/lib/api/errors';
import { FIELD_LIMITS } from '@/lib/api/field-limits';
import type { Category, Priority, Ticket } from '@/lib/api/types';
import { type TaxonomyKind, useChoices } from '@/lib/taxonomy';
import { type CreateTicketInput, useCreateTicket } from '../api/create-ticket';

export const TITLE_MAX_LENGTH = FIELD_LIMITS.AgentTicketRequest.title;
const DESCRIPTION_MAX_LENGTH = FIELD_LIMITS.AgentTicketRequest.description;

/**
 * What a classifier proposes. A null part means it made no suggestion for that field (it
 * was not confident enough): the field keeps the user's choice and says "No suggestion".
 */
export type FieldSuggestion = { category: Category | null; priority: Priority | null };

type SuggestibleField = keyof FieldSuggestion;

type FormValues = { title: string; description: string; category: string; priority: string };

const EMPTY: FormValues = { title: '', description: '', category: '', priority: '' };
const NOT_CHOSEN: Record<SuggestibleField, boolean> = { category: false, priority: false };
const UNMARKED: Record<SuggestibleField, SuggestionMark> = { category: null, priority: null };

type CreateTicketFormProps = {
  /** The latest suggestion; each new object is applied to the fields not chosen by hand. */
  suggestion: FieldSuggestion | null;
  /** Rendered under the description, e.g. "thinking…" or where the suggestion came from. */
  suggestionStatus?: ReactNode;
  onDescriptionChange?: (description: string) => void;
  onCreated?: (ticket: Ticket) => void;
};

const SUGGESTIBLE_FIELDS: Array<{ field: SuggestibleField; label: string; kind: TaxonomyKind }> = [
  { field: 'category', label: 'Category', kind: 'categories' },
  { field: 'priority', label: 'Priority', kind: 'priorities' },
];

/** Whether a field holds the classifier's value, or the classifier made no suggestion for it. */
type SuggestionMark = 'suggested' | 'none' | null;

const MARK_BADGE: Record<Exclude<SuggestionMark, null>, ReactNode> = {
  suggested: <span className="badge badge--suggested">Suggested</span>,
  none: <span className="badge badge--no-suggestion">No suggestion</span>,
};

/** A category or priority select, labelled "Suggested" or "No suggestion" after a classifier answered. */
function SuggestibleSelect({
  id,
  label,
  kind,
  value,
  mark,
  errors,
  onChange,
}: {
  id: string;
  label: string;
  kind: TaxonomyKind;
  value: string;
  mark: SuggestionMark;
  errors: string[] | undefined;
  onChange: (value: string) => void;
}) {
  const choices = useChoices(kind);
  return (
    <Field id={id} label={label} adornment={mark ? MARK_BADGE[mark] : null} errors={errors}>
      {(control) => (
        <ChoiceSelect
          {...control}
          name={id}
          choices={choices}
          value={value}
          emptyLabel="Not chosen"
          onValueChange={onChange}
        />
      )}
    </Field>
  );
}

export function CreateTicketForm({
  suggestion,
  suggestionStatus,
  onDescriptionChange,
  onCreated,
}: CreateTicketFormProps) {
  const [values, setValues] = useState<FormValues>(EMPTY);
  // Fields the user picked by hand; a later suggestion (or its absence) never changes them.
  const [chosenByHand, setChosenByHand] = useState(NOT_CHOSEN);
  // Fields whose value came from the last suggestion, or for which it had none.
  const [marks, setMarks] = useState(UNMARKED);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<Ticket | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const createTicket = useCreateTicket();

  // Only a new suggestion should apply; hand choices are read at that moment.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-running on chosenByHand would re-apply an old suggestion
  useEffect(() => {
    if (!suggestion) return;
    const apply = (['category', 'priority'] as const).filter((field) => !chosenByHand[field]);
    if (apply.length === 0) return;
    // A field without a suggestion is emptied too: an earlier suggestion no longer stands
    // for this text, and an empty field gets the server's default.
    setValues((current) => {
      const next = { ...current };
      for (const field of apply) next[field] = suggestion[field] ?? '';
      return next;
    });
    setMarks((current) => {
      const next = { ...current };
      for (const field of apply) next[field] = suggestion[field] === null ? 'none' : 'suggested';
      return next;
    });
  }, [suggestion]);

  function setField(field: keyof FormValues, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    if (field === 'description') onDescriptionChange?.(value);
    if (field === 'category' || field === 'priority') {
      setChosenByHand((current) => ({ ...current, [field]: true }));
      setMarks((current) => ({ ...current, [field]: null }));
    }
  }

  function reset() {
    setValues(EMPTY);
    setChosenByHand(NOT_CHOSEN);
    setMarks(UNMARKED);
    setFieldErrors({});
    setFiles([]);
    onDescriptionChange?.('');
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    setFieldErrors({});
    const input: CreateTicketInput = {
      title: values.title,
      description: values.description,
      files,
    };
    // Empty selects are left out so the server applies its defaults.
    if (values.category) input.category = values.category as Category;
    if (values.priority) input.priority = values.priority as Priority;
    createTicket.mutate(input, {
      onSuccess: (ticket) => {
        reset();
        setCreated(ticket);
        onCreated?.(ticket);
      },
      onError: (error) => {
        if (error instanceof ApiError) setFieldErrors(error.fieldErrors);
      },
    });
  }

  const knownFields = ['title', 'description', 'category', 'priority'];
  const otherErrors = Object.entries(fieldErrors).filter(([field]) => !knownFields.includes(field));
  const showGeneralError =
    createTicket.isError &&
    (!(createTicket.error instanceof ApiError) ||
      Object.keys(createTicket.error.fieldErrors).length === 0);

  return (
    <form className="ticket-form" onSubmit={submit} noValidate aria-label="New ticket">
      <Field
        id="ticket-title"
        label="Title"
        errors={fieldErrors.title}
        hint={
          <span className="counter">
            {values.title.length}/{TITLE_MAX_LENGTH} characters
          </span>
        }
      >
        {(control) => (
          <input
            {...control}
            name="title"
            type="text"
            required
            maxLength={TITLE_MAX_LENGTH}
            autoComplete="off"
            value={values.title}
            onChange={(event) => setField('title', event.target.value)}
          />
        )}
      </Field>
      <Field
        id="ticket-description"
        label="Description"
        errors={fieldErrors.description}
        hint="Describe the problem. From 20 characters on, a category and priority are suggested."
      >
        {(control) => (
          <textarea
            {...control}
            name="description"
            required
            maxLength={DESCRIPTION_MAX_LENGTH}
            rows={5}
            value={values.description}
            onChange={(event) => setField('description', event.target.value)}
          />
        )}
      </Field>
      {suggestionStatus}
      <div className="ticket-form__row">
        {SUGGESTIBLE_FIELDS.map(({ field, label, kind }) => (
          <SuggestibleSelect
            key={field}
            id={`ticket-${field}`}
            label={label}
            kind={kind}
            value={values[field]}
            mark={marks[field]}
            errors={fieldErrors[field]}
            onChange={(value) => setField(field, value)}
          />
        ))}
      </div>
      <FilePicker id="ticket-files" files={files} onChange={setFiles} />
      {otherErrors.map(([field, messages]) => (
        <Alert key={field} tone="error">
          {messages.join(' ')}
        </Alert>
      ))}
      {showGeneralError ? (
        <Alert tone="error">Could not create the ticket: {errorMessage(createTicket.error)}</Alert>
      ) : null}
      {created ? (
        <Alert tone="success">
          Ticket #{created.id} was created.{' '}
          <Link to={`/tickets/${created.id}`}>Open ticket #{created.id}</Link>
        </Alert>
      ) : null}
      <div className="ticket-form__actions">
        <button type="submit" className="button" disabled={createTicket.isPending}>
          {createTicket.isPending ? 'Submitting…' : 'Submit ticket'}
        </button>
      </div>
    </form>
  );
}
