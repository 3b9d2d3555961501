import { type FormEvent, useEffect, useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/lib/api/errors';
import { FIELD_LIMITS } from '@/lib/api/field-limits';
import type { Rating } from '@/lib/api/types';
import type { RatingInput } from '../api/rate';

const RATINGS: Array<{ value: Rating; label: string }> = [
  { value: 'good', label: 'Good' },
  { value: 'bad', label: 'Bad' },
];

type SatisfactionFormProps = {
  rating: Rating | null;
  comment: string;
  pending: boolean;
  error: unknown;
  saved: boolean;
  onRate: (input: RatingInput) => void;
};

/** "How did we do?": good or bad at one click, then an optional comment; both can change. */
export function SatisfactionForm({
  rating,
  comment,
  pending,
  error,
  saved,
  onRate,
}: SatisfactionFormProps) {
  const [draft, setDraft] = useState(comment);
  const id = useId();
  useEffect(() => setDraft(comment), [comment]);

  function saveComment(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (rating) onRate({ rating, comment: draft });
  }

  return (
    <section className="satisfaction" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>How did we do?</h2>
      <fieldset className="satisfaction__choices">
        <legend className="visually-hidden">Your rating</legend>
        {RATINGS.map(({ value, label }) => (
          <button
            key={value}
            type="button"
            className={`button satisfaction__choice satisfaction__choice--${value}${rating === value ? ' satisfaction__choice--chosen' : ''}`}
            aria-pressed={rating === value}
            disabled={pending}
            onClick={() => onRate({ rating: value })}
          >
            {label}
          </button>
        ))}
      </fieldset>
      {rating ? (
        <form onSubmit={saveComment} aria-label="Comment on your rating">
          <Field id={`${id}-comment`} label="Anything to add? (optional)">
            {(control) => (
              <textarea
                {...control}
                name="comment"
                rows={3}
                maxLength={FIELD_LIMITS.RatingRequest.comment}
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button--secondary" disabled={pending}>
            Save comment
          </button>
        </form>
      ) : null}
      {saved && rating && !pending ? (
        <Alert tone="success">Thank you: your rating ({rating}) is recorded.</Alert>
      ) : null}
      {error ? (
        <Alert tone="error">Could not record your rating: {errorMessage(error)}</Alert>
      ) : null}
    </section>
  );
}
