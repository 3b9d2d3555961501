import { useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { errorMessage } from '@/lib/api/errors';
import type { SavedReply } from '@/lib/api/types';
import { useLabel } from '@/lib/taxonomy';
import { displayName } from '@/lib/users';
import { useSavedReplies } from '../api/get-saved-replies';
import { previewSavedReply } from '../api/preview-saved-reply';
import { sendSavedReplyAndRefresh } from '../api/send-saved-reply';

/** A saved reply chosen in the reply box: its filled-in text, and how to send it with its actions. */
export type ChosenReply = {
  title: string;
  body: string;
  /** What sending it also does to the ticket, in words; null for nothing. */
  actions: string | null;
  send: (input: { body: string; internal: boolean }) => Promise<unknown>;
};

export type SavedReplyPickerProps = {
  ticketId: number;
  onChoose: (reply: ChosenReply) => void;
  onClose: () => void;
};

function useDescribeActions() {
  const status = useLabel('statuses');
  const priority = useLabel('priorities');
  return (reply: SavedReply): string | null => {
    const parts = [
      reply.set_status ? `set status to ${status(reply.set_status)}` : null,
      reply.set_priority ? `set priority to ${priority(reply.set_priority)}` : null,
      reply.set_assignee ? `assign to ${displayName(reply.set_assignee)}` : null,
      reply.add_tags.length ? `tag ${reply.add_tags.join(', ')}` : null,
    ].filter(Boolean);
    return parts.length ? parts.join('; ') : null;
  };
}

/**
 * A keyboard-first list of saved replies: type to filter, arrows to move, Enter to insert,
 * Escape to go back to the reply box. The chosen reply arrives with its placeholders filled.
 */
export function SavedReplyPicker({ ticketId, onChoose, onClose }: SavedReplyPickerProps) {
  const replies = useSavedReplies();
  const queryClient = useQueryClient();
  const describeActions = useDescribeActions();
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const listId = useId();
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (replies.data ?? []).filter((reply) =>
    words.every((word) => `${reply.title} ${reply.body}`.toLowerCase().includes(word)),
  );
  const current = Math.min(active, Math.max(shown.length - 1, 0));

  async function choose(reply: SavedReply) {
    setProblem(null);
    try {
      const body = await previewSavedReply({ replyId: reply.id, ticketId });
      onChoose({
        title: reply.title,
        body,
        actions: describeActions(reply),
        send: ({ body: text, internal }) =>
          sendSavedReplyAndRefresh(queryClient, {
            replyId: reply.id,
            ticketId,
            body: text,
            internal,
          }),
      });
    } catch (error) {
      setProblem(`Could not insert “${reply.title}”: ${errorMessage(error)}`);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive(Math.min(current + 1, shown.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(Math.max(current - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const reply = shown[current];
      if (reply) void choose(reply);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  }

  return (
    <div className="reply-picker">
      <label htmlFor={`${listId}-filter`} className="field__label">
        Saved replies
      </label>
      <input
        id={`${listId}-filter`}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown[current] ? `${listId}-${shown[current].id}` : undefined}
        // biome-ignore lint/a11y/noAutofocus: the picker opens on request; typing filters at once
        autoFocus
        autoComplete="off"
        placeholder="Type to filter, Enter to insert, Esc to close"
        value={filter}
        onChange={(event) => {
          setFilter(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div id={listId} role="listbox" aria-label="Saved replies" className="reply-picker__options">
        {shown.map((reply, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox above handles the keys
          <div
            key={reply.id}
            id={`${listId}-${reply.id}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === current}
            className={index === current ? 'reply-picker__option--active' : undefined}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => void choose(reply)}
          >
            <span className="reply-picker__title">{reply.title}</span>
            <span className="reply-picker__scope">{reply.shared ? 'shared' : 'mine'}</span>
          </div>
        ))}
      </div>
      {replies.isSuccess && shown.length === 0 ? (
        <p className="reply-picker__empty">No saved reply matches.</p>
      ) : null}
      {problem ? <Alert tone="error">{problem}</Alert> : null}
    </div>
  );
}
