import type { Message } from '@/lib/api/types';
import { ROLE_LABEL } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format';
import { displayName } from '@/lib/users';

/** One reply or internal note; notes are tinted, bordered and labelled so they are never mistaken for a reply. */
export function MessageItem({ message }: { message: Message }) {
  const author = message.author ? displayName(message.author) : 'Someone';
  const headingId = `message-${message.id}-author`;
  return (
    <li className={message.internal ? 'message message--internal' : 'message'}>
      <article aria-labelledby={headingId}>
        <header className="message__head">
          <h3 id={headingId} className="message__author">
            {message.internal ? <span className="badge badge--internal">Internal note</span> : null}{' '}
            {author}
            {message.author ? (
              <span className="message__role"> · {ROLE_LABEL[message.author.role]}</span>
            ) : null}
          </h3>
          <time className="message__time" dateTime={message.created_at}>
            {formatDateTime(message.created_at)}
          </time>
        </header>
        <p className="message__body">{message.body}</p>
      </article>
    </li>
  );
}
