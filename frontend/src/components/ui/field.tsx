import type { ReactNode } from 'react';

export type ControlProps = {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
};

type FieldProps = {
  id: string;
  label: ReactNode;
  /** Shown beside the label, e.g. a "suggested" badge. */
  adornment?: ReactNode;
  hint?: ReactNode;
  errors?: string[] | undefined;
  children: (control: ControlProps) => ReactNode;
};

/** A label, a control, an optional hint and its error messages, wired together for screen readers. */
export function Field({ id, label, adornment, hint, errors, children }: FieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasErrors = errors !== undefined && errors.length > 0;
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <div className="field__label-row">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {adornment}
      </div>
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(hasErrors ? { 'aria-invalid': true as const } : {}),
      })}
      {hint ? (
        <div id={hintId} className="field__hint">
          {hint}
        </div>
      ) : null}
      {hasErrors ? (
        <ul id={errorId} className="field__errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
