import { useState } from 'react';
import { ChoiceSelect } from '@/components/ui/choice-select';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/lib/api/errors';
import type { Ticket } from '@/lib/api/types';
import { type TaxonomyKind, useChoices, useLabel } from '@/lib/taxonomy';
import { useUpdateTicket } from '../api/update-ticket';

export type EditableField = 'status' | 'category' | 'priority';

const KIND: Record<EditableField, TaxonomyKind> = {
  status: 'statuses',
  category: 'categories',
  priority: 'priorities',
};

const LABEL: Record<EditableField, string> = {
  status: 'Status',
  category: 'Category',
  priority: 'Priority',
};

type TicketFieldSelectProps = {
  ticket: Ticket;
  field: EditableField;
  /** Makes the control's id unique when several tickets are on screen. */
  idPrefix: string;
};

/** Changes one field in place; the change shows at once and is undone, with a message, if refused. */
export function TicketFieldSelect({ ticket, field, idPrefix }: TicketFieldSelectProps) {
  const choices = useChoices(KIND[field]);
  const labelOf = useLabel(KIND[field]);
  const update = useUpdateTicket();
  const [rollbackMessage, setRollbackMessage] = useState<string | null>(null);

  function change(value: string) {
    const previous = ticket[field];
    if (value === previous) return;
    setRollbackMessage(null);
    update.mutate(
      { id: ticket.id, changes: { [field]: value } },
      {
        onError: (error) =>
          setRollbackMessage(
            `Could not change ${LABEL[field].toLowerCase()} to ${labelOf(value)}: ${errorMessage(error)} It is back to ${labelOf(previous)}.`,
          ),
      },
    );
  }

  return (
    <div className="ticket-field">
      <Field id={`${idPrefix}-${field}`} label={LABEL[field]}>
        {(control) => (
          <ChoiceSelect
            {...control}
            choices={choices}
            value={ticket[field]}
            onValueChange={change}
          />
        )}
      </Field>
      {rollbackMessage ? (
        <p className="ticket-field__error" role="alert">
          {rollbackMessage}
        </p>
      ) : null}
    </div>
  );
}
