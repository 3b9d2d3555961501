import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { ChoiceSelect } from '@/components/ui/choice-select';
import { Field } from '@/components/ui/field';
import { QueryState } from '@/components/ui/query-state';
import { ApiError, errorMessage } from '@/lib/api/errors';
import type { SavedReply, SavedReplyInput } from '@/lib/api/types';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useChoices } from '@/lib/taxonomy';
import { displayName, useStaff } from '@/lib/users';
import { useDeleteSavedReply } from '../api/delete-saved-reply';
import { useSavedReplies } from '../api/get-saved-replies';
import { useSaveSavedReply } from '../api/save-saved-reply';

type Draft = {
  title: string;
  body: string;
  shared: boolean;
  setStatus: string;
  setPriority: string;
  setAssignee: string;
  tags: string;
};

const EMPTY: Draft = {
  title: '',
  body: '',
  shared: false,
  setStatus: '',
  setPriority: '',
  setAssignee: '',
  tags: '',
};

function draftOf(reply: SavedReply): Draft {
  return {
    title: reply.title,
    body: reply.body,
    shared: reply.shared,
    setStatus: reply.set_status ?? '',
    setPriority: reply.set_priority ?? '',
    setAssignee: reply.set_assignee ? String(reply.set_assignee.id) : '',
    tags: reply.add_tags.join(', '),
  };
}

function inputOf(draft: Draft): SavedReplyInput {
  return {
    title: draft.title,
    body: draft.body,
    shared: draft.shared,
    set_status: draft.setStatus as SavedReplyInput['set_status'],
    set_priority: draft.setPriority as SavedReplyInput['set_priority'],
    set_assignee_id: draft.setAssignee ? Number(draft.setAssignee) : null,
    add_tags: draft.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
  };
}

/** Create or change one saved reply; only admins may make (or edit) shared ones. */
function ReplyEditor({ editing, onDone }: { editing: SavedReply | null; onDone: () => void }) {
  const me = useCurrentUser();
  const admin = me?.role === 'admin';
  const [draft, setDraft] = useState<Draft>(editing ? draftOf(editing) : EMPTY);
  const save = useSaveSavedReply();
  const statuses = useChoices('statuses');
  const priorities = useChoices('priorities');
  const staff = useStaff({ enabled: true });
  const people = (staff.data ?? []).map((p) => ({ value: String(p.id), title: displayName(p) }));
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const set = (patch: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...patch }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ id: editing?.id ?? null, reply: inputOf(draft) }, { onSuccess: onDone });
  }

  return (
    <form
      className="panel reply-editor"
      onSubmit={submit}
      noValidate
      aria-label={editing ? `Edit “${editing.title}”` : 'New saved reply'}
    >
      <h2>{editing ? `Edit “${editing.title}”` : 'New saved reply'}</h2>
      <Field id="reply-title" label="Title" errors={errors.title}>
        {(control) => (
          <input
            {...control}
            value={draft.title}
            maxLength={100}
            onChange={(e) => set({ title: e.target.value })}
          />
        )}
      </Field>
      <Field
        id="reply-text"
        label="Text"
        errors={errors.body}
        hint="Placeholders: {{ requester.name }}, {{ ticket.number }}, {{ agent.name }}"
      >
        {(control) => (
          <textarea
            {...control}
            rows={6}
            value={draft.body}
            onChange={(e) => set({ body: e.target.value })}
          />
        )}
      </Field>
      {admin && !editing ? (
        <div className="checkbox">
          <input
            id="reply-shared"
            type="checkbox"
            checked={draft.shared}
            onChange={(e) => set({ shared: e.target.checked })}
          />
          <label htmlFor="reply-shared">Shared with every agent</label>
        </div>
      ) : null}
      <fieldset className="reply-editor__actions">
        <legend>When it is sent, also</legend>
        <Field id="reply-set-status" label="Set status">
          {(control) => (
            <ChoiceSelect
              {...control}
              choices={statuses}
              value={draft.setStatus}
              emptyLabel="Leave unchanged"
              onValueChange={(value) => set({ setStatus: value })}
            />
          )}
        </Field>
        <Field id="reply-set-priority" label="Set priority">
          {(control) => (
            <ChoiceSelect
              {...control}
              choices={priorities}
              value={draft.setPriority}
              emptyLabel="Leave unchanged"
              onValueChange={(value) => set({ setPriority: value })}
            />
          )}
        </Field>
        <Field id="reply-set-assignee" label="Assign to">
          {(control) => (
            <ChoiceSelect
              {...control}
              choices={people}
              value={draft.setAssignee}
              emptyLabel="Leave unchanged"
              onValueChange={(value) => set({ setAssignee: value })}
            />
          )}
        </Field>
        <Field id="reply-add-tags" label="Add tags" hint="Comma-separated">
          {(control) => (
            <input
              {...control}
              value={draft.tags}
              onChange={(e) => set({ tags: e.target.value })}
            />
          )}
        </Field>
      </fieldset>
      {save.isError && !errors.title && !errors.body ? (
        <Alert tone="error">Could not save: {errorMessage(save.error)}</Alert>
      ) : null}
      <div className="reply-editor__buttons">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The agent's saved replies and the team's: create, edit and delete the ones they may manage. */
export function SavedRepliesManager() {
  const me = useCurrentUser();
  const replies = useSavedReplies();
  const remove = useDeleteSavedReply();
  const [editing, setEditing] = useState<SavedReply | 'new' | null>(null);
  const mayManage = (reply: SavedReply) => !reply.shared || me?.role === 'admin';

  return (
    <div className="saved-replies">
      {editing === null ? (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          New saved reply
        </button>
      ) : (
        <ReplyEditor
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {remove.isError ? (
        <Alert tone="error">Could not delete: {errorMessage(remove.error)}</Alert>
      ) : null}
      <QueryState
        isPending={replies.isPending}
        error={replies.error}
        onRetry={() => void replies.refetch()}
        loadingLabel="Loading saved replies…"
      >
        {replies.data?.length === 0 ? (
          <p className="empty-state">No saved replies yet.</p>
        ) : (
          <ul className="saved-replies__list">
            {(replies.data ?? []).map((reply) => (
              <li key={reply.id} className="saved-replies__item">
                <article aria-labelledby={`saved-reply-${reply.id}`}>
                  <h2 id={`saved-reply-${reply.id}`} className="saved-replies__title">
                    {reply.title} <span className="badge">{reply.shared ? 'Shared' : 'Mine'}</span>
                  </h2>
                  <p className="saved-replies__body">{reply.body}</p>
                  {mayManage(reply) ? (
                    <div className="saved-replies__buttons">
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => setEditing(reply)}
                        aria-label={`Edit ${reply.title}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => remove.mutate(reply.id)}
                        aria-label={`Delete ${reply.title}`}
                      >
                        Delete
                      </button>
                    </div>
                  ) : null}
                </article>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </div>
  );
}
