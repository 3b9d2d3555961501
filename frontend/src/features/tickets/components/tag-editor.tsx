import { type FormEvent, useState } from 'react';
import type { Ticket } from '@/lib/api/types';
import { useTicketChange } from '../hooks/use-ticket-change';
import { ChangeProblemAlert } from './change-problem-alert';

const INPUT_ID = 'detail-tag-input';

/** The ticket's tags: remove one with its button, add one by typing it and pressing Enter. */
export function TagEditor({ ticket }: { ticket: Ticket }) {
  const [text, setText] = useState('');
  const { change, problem, reload } = useTicketChange(ticket.id);

  function save(tags: string[], what: string) {
    change(
      { id: ticket.id, version: ticket.version, changes: { tags } },
      { what, restored: 'The tags are as they were.' },
    );
  }

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const tag = text.trim().replace(/\s+/g, ' ').toLowerCase();
    if (!tag || ticket.tags.includes(tag)) {
      setText('');
      return;
    }
    save([...ticket.tags, tag].sort(), `the tags (adding “${tag}”)`);
    setText('');
  }

  return (
    <div className="tags">
      <h2 className="ticket-detail__subheading">Tags</h2>
      {ticket.tags.length === 0 ? <p className="tags__none">No tags yet.</p> : null}
      <ul className="tags__list" aria-label="Tags">
        {ticket.tags.map((tag) => (
          <li key={tag} className="tag">
            {tag}
            <button
              type="button"
              className="tag__remove"
              aria-label={`Remove tag ${tag}`}
              onClick={() =>
                save(
                  ticket.tags.filter((other) => other !== tag),
                  `the tags (removing “${tag}”)`,
                )
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="tags__add" onSubmit={add}>
        <label htmlFor={INPUT_ID} className="field__label">
          Add a tag
        </label>
        <input
          id={INPUT_ID}
          value={text}
          maxLength={50}
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button--secondary">
          Add
        </button>
      </form>
      <ChangeProblemAlert problem={problem} onReload={() => reload(INPUT_ID)} />
    </div>
  );
}
