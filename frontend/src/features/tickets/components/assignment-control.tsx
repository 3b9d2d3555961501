import { Field } from '@/components/ui/field';
import type { Ticket, User } from '@/lib/api/types';
import { useCurrentUser } from '@/lib/auth/current-user';
import { displayName, useStaff } from '@/lib/users';
import { useTicketChange } from '../hooks/use-ticket-change';
import { ChangeProblemAlert } from './change-problem-alert';

const SELECT_ID = 'detail-assignee';

/** Who works on the ticket: any agent from the list, "Assign to me" in one click, or nobody. */
export function AssignmentControl({ ticket }: { ticket: Ticket }) {
  const me = useCurrentUser();
  const staff = useStaff({ enabled: true });
  const { change, problem, reload, isPending } = useTicketChange(ticket.id);
  const assignee = ticket.assignee;
  const people = staff.data ?? [];
  // The current assignee stays selectable even if the directory no longer lists them.
  const options =
    assignee && !people.some((p) => p.id === assignee.id) ? [assignee, ...people] : people;

  function assign(person: User | null) {
    if ((person?.id ?? null) === (assignee?.id ?? null)) return;
    change(
      {
        id: ticket.id,
        version: ticket.version,
        changes: { assignee_id: person?.id ?? null },
        assignee: person,
      },
      {
        what: person ? `assignee to ${displayName(person)}` : 'assignee to nobody',
        restored: assignee ? `It is back to ${displayName(assignee)}.` : 'It is unassigned again.',
      },
    );
  }

  return (
    <div className="assignment">
      <Field id={SELECT_ID} label="Assigned to">
        {(control) => (
          <select
            {...control}
            value={assignee ? String(assignee.id) : ''}
            onChange={(event) => {
              const id = Number(event.target.value);
              assign(options.find((person) => person.id === id) ?? null);
            }}
          >
            <option value="">Nobody (unassigned)</option>
            {options.map((person) => (
              <option key={person.id} value={person.id}>
                {displayName(person)}
                {person.id === me?.id ? ' (you)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="assignment__actions">
        {me && assignee?.id !== me.id ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={isPending}
            onClick={() => assign(me)}
          >
            Assign to me
          </button>
        ) : null}
        {assignee ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={isPending}
            onClick={() => assign(null)}
          >
            Unassign
          </button>
        ) : null}
      </div>
      <ChangeProblemAlert problem={problem} onReload={() => reload(SELECT_ID)} />
    </div>
  );
}
