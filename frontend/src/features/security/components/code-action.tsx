import { type FormEvent, useId, useState } from 'react';
import { Field } from '@/components/ui/field';
import { ApiError } from '@/lib/api/errors';

type CodeActionProps = {
  label: string;
  hint?: string;
  /** One button per action the code proves (e.g. "New recovery codes", "Turn off"). */
  actions: Array<{ label: string; run: (code: string) => void; tone?: 'danger' }>;
  busy: boolean;
  error: unknown;
};

/** A code field with the actions it authorises; the field's own error comes from the API. */
export function CodeAction({ label, hint, actions, busy, error }: CodeActionProps) {
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const id = useId();
  const apiErrors = error instanceof ApiError ? error.fieldErrors.code : undefined;

  function runWith(action: CodeActionProps['actions'][number]) {
    return (event: FormEvent) => {
      event.preventDefault();
      const typed = code.trim();
      setMissing(!typed);
      if (typed) action.run(typed);
    };
  }

  return (
    <form
      className="code-action"
      onSubmit={runWith(actions[0] as CodeActionProps['actions'][number])}
      noValidate
    >
      <Field
        id={`${id}-code`}
        label={label}
        hint={hint}
        errors={missing ? ['Enter a code first.'] : apiErrors}
      >
        {(control) => (
          <input
            {...control}
            name="code"
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        )}
      </Field>
      <div className="code-action__buttons">
        {actions.map((action, index) => (
          <button
            key={action.label}
            type={index === 0 ? 'submit' : 'button'}
            className={`button${action.tone === 'danger' ? ' button--danger' : index > 0 ? ' button--secondary' : ''}`}
            disabled={busy}
            onClick={index === 0 ? undefined : runWith(action)}
          >
            {action.label}
          </button>
        ))}
      </div>
    </form>
  );
}
