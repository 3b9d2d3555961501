import { ChoiceSelect } from '@/components/ui/choice-select';
import { Field } from '@/components/ui/field';
import type { Ticket } from '@/lib/api/types';
import { type TaxonomyKind, useChoices, useLabel } from '@/lib/taxonomy';
import { useTicketChange } from '../hooks/use-ticket-change';
import { ChangeProblemAlert } from './change-problem-alert';

export type EditableField = 'status' | 'category' | 'priority';

export const FIELD_KIND: Record<EditableField, TaxonomyKind> = {
  status: 'statuses',
  category: 'categories',
  priority: 'priorities',
};

export const FIELD_LABEL: Record<EditableField, string> = {
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
  const choices = useChoices(FIELD_KIND[field]);
  const labelOf = useLabel(FIELD_KIND[field]);
  const { change, problem, reload } = useTicketChange(ticket.id);
  const id = `${idPrefix}-${field}`;

  function onChange(value: string) {
    const previous = ticket[field];
    if (value === previous) return;
    change(
      { id: ticket.id, version: ticket.version, changes: { [field]: value } },
      {
        what: `${FIELD_LABEL[field].toLowerCase()} to ${labelOf(value)}`,
        restored: `It is back to ${labelOf(previous)}.`,
      },
    );
  }

  return (
    <div className="ticket-field">
      <Field id={id} label={FIELD_LABEL[field]}>
        {(control) => (
          <ChoiceSelect
            {...control}
            choices={choices}
            value={ticket[field]}
            onValueChange={onChange}
          />
        )}
      </Field>
      <ChangeProblemAlert problem={problem} onReload={() => reload(id)} />
    </div>
  );
}
