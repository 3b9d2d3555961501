import type { ChangeEvent, SelectHTMLAttributes } from 'react';
import type { Choice } from '@/lib/taxonomy';

type ChoiceSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
  choices: Choice[];
  value: string;
  onValueChange: (value: string) => void;
  /** Text of a first, empty option; leave out to require a choice. */
  emptyLabel?: string;
};

/** A native select (keyboard and screen-reader support for free) over taxonomy choices. */
export function ChoiceSelect({
  choices,
  value,
  onValueChange,
  emptyLabel,
  disabled,
  ...rest
}: ChoiceSelectProps) {
  const loading = choices.length === 0;
  return (
    <select
      {...rest}
      value={value}
      disabled={disabled || loading}
      onChange={(event: ChangeEvent<HTMLSelectElement>) => onValueChange(event.target.value)}
    >
      {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
      {loading && emptyLabel === undefined ? <option value={value}>Loading…</option> : null}
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.title}
        </option>
      ))}
    </select>
  );
}
