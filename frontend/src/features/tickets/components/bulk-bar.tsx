import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { ChoiceSelect } from '@/components/ui/choice-select';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/lib/api/errors';
import type { BulkChanges, BulkResponse } from '@/lib/api/types';
import { useChoices } from '@/lib/taxonomy';
import { displayName, useStaff } from '@/lib/users';
import { useBulkUpdateTickets } from '../api/bulk-update-tickets';

const UNASSIGN = 'none';

function tagList(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** What a bulk change did: how many changed, and why the others were not. */
export function BulkOutcome({ result }: { result: BulkResponse }) {
  const failures = result.results.filter((item) => !item.ok);
  const changed = `Changed ${result.changed} ${result.changed === 1 ? 'ticket' : 'tickets'}.`;
  if (failures.length === 0) return <Alert tone="success">{changed}</Alert>;
  return (
    <Alert tone="warning">
      {changed} {failures.length} could not be changed:
      <ul className="bulk-bar__failures">
        {failures.map((item) => (
          <li key={item.id}>
            #{item.id}: {item.error?.detail}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** Changes for the selected tickets: status, priority, assignee, tags to add or remove. */
export function BulkBar({
  ids,
  onApplied,
}: {
  ids: number[];
  /** Called with the per-ticket results once the server has answered. */
  onApplied: (result: BulkResponse) => void;
}) {
  const statuses = useChoices('statuses');
  const priorities = useChoices('priorities');
  const staff = useStaff({ enabled: true });
  const bulk = useBulkUpdateTickets();
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [assignee, setAssignee] = useState('');
  const [addTags, setAddTags] = useState('');
  const [removeTags, setRemoveTags] = useState('');
  const [nothing, setNothing] = useState(false);
  const people = (staff.data ?? []).map((person) => ({
    value: String(person.id),
    title: displayName(person),
  }));

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes: BulkChanges = {};
    if (status) changes.status = status as NonNullable<BulkChanges['status']>;
    if (priority) changes.priority = priority as NonNullable<BulkChanges['priority']>;
    if (assignee) changes.assignee_id = assignee === UNASSIGN ? null : Number(assignee);
    if (tagList(addTags).length) changes.add_tags = tagList(addTags);
    if (tagList(removeTags).length) changes.remove_tags = tagList(removeTags);
    setNothing(Object.keys(changes).length === 0);
    if (Object.keys(changes).length === 0) return;
    bulk.mutate({ ids, changes }, { onSuccess: onApplied });
  }

  return (
    <form className="bulk-bar" onSubmit={apply} aria-label="Change selected tickets">
      <p className="bulk-bar__count" aria-live="polite">
        {ids.length} selected
      </p>
      <Field id="bulk-status" label="Status">
        {(control) => (
          <ChoiceSelect
            {...control}
            choices={statuses}
            value={status}
            emptyLabel="Unchanged"
            onValueChange={setStatus}
          />
        )}
      </Field>
      <Field id="bulk-priority" label="Priority">
        {(control) => (
          <ChoiceSelect
            {...control}
            choices={priorities}
            value={priority}
            emptyLabel="Unchanged"
            onValueChange={setPriority}
          />
        )}
      </Field>
      <Field id="bulk-assignee" label="Assignee">
        {(control) => (
          <ChoiceSelect
            {...control}
            choices={[{ value: UNASSIGN, title: 'Nobody' }, ...people]}
            value={assignee}
            emptyLabel="Unchanged"
            onValueChange={setAssignee}
          />
        )}
      </Field>
      <Field id="bulk-add-tags" label="Add tags" hint="Comma-separated">
        {(control) => (
          <input {...control} value={addTags} onChange={(e) => setAddTags(e.target.value)} />
        )}
      </Field>
      <Field id="bulk-remove-tags" label="Remove tags">
        {(control) => (
          <input {...control} value={removeTags} onChange={(e) => setRemoveTags(e.target.value)} />
        )}
      </Field>
      <button type="submit" className="button" disabled={bulk.isPending}>
        {bulk.isPending ? 'Applying…' : `Apply to ${ids.length}`}
      </button>
      {nothing ? <Alert tone="warning">Choose at least one change.</Alert> : null}
      {bulk.isError ? (
        <Alert tone="error">Could not apply: {errorMessage(bulk.error)}</Alert>
      ) : null}
    </form>
  );
}
