import { AttachmentList } from '@/components/ui/attachment-list';
import type { Delivery, Message, ReceivedMail } from '@/lib/api/types';
import { ROLE_LABEL } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format';
import { displayName } from '@/lib/users';
import { Deliveries } from './deliveries';

type MessageItemProps = {
  message: Message;
  /** The mail this reply went out as, when it was mailed. */
  deliveries?: Delivery[];
  /** The mail it came in as, when it came by e-mail. */
  received?: ReceivedMail;
  /** Show whether the mail's sender is proven (agents). */
  showSenderCheck?: boolean;
};

/** Whether the From address of a received mail is proven; anyone can write any From line. */
export function SenderCheck({ received }: { received: ReceivedMail }) {
  const verified = received.sender_verification === 'pass';
  return (
    <span
      className={verified ? 'badge badge--ok' : 'badge badge--warn'}
      title={received.sender_verification_detail}
    >
      {verified ? 'Verified sender' : 'Unverified sender'}
    </span>
  );
}

/** One reply or internal note; notes are tinted, bordered and labelled so they are never mistaken for a reply. */
export function MessageItem({
  message,
  deliveries = [],
  received,
  showSenderCheck = false,
}: MessageItemProps) {
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
          <span className="message__meta">
            <span className="badge badge--channel">
              {message.channel === 'email' ? 'E-mail' : 'Web'}
            </span>{' '}
            {showSenderCheck && received ? (
              <>
                <SenderCheck received={received} />{' '}
              </>
            ) : null}
            <time className="message__time" dateTime={message.created_at}>
              {formatDateTime(message.created_at)}
            </time>
          </span>
        </header>
        <p className="message__body">{message.body}</p>
        <AttachmentList
          files={message.attachments}
          label={`Files of this ${message.internal ? 'note' : 'reply'}`}
        />
        {received && received.full_text !== message.body ? (
          <details className="message__original">
            <summary>Whole e-mail as sent</summary>
            <pre className="message__original-text">{received.full_text}</pre>
          </details>
        ) : null}
        <Deliveries deliveries={deliveries} />
      </article>
    </li>
  );
}
