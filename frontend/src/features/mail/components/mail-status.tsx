import { QueryState } from '@/components/ui/query-state';
import { formatDateTime } from '@/lib/format';
import { useMailStatus } from '../api/get-mail-status';

function Yes({ on, yes, no }: { on: boolean; yes: string; no: string }) {
  return <span className={on ? 'badge badge--ok' : 'badge badge--warn'}>{on ? yes : no}</span>;
}

/** For admins: is mail coming in and going out, and when was the mailbox last read? */
export function MailStatus() {
  const query = useMailStatus();
  const status = query.data;
  return (
    <section className="panel settings-section" aria-labelledby="mail-status-heading">
      <h2 id="mail-status-heading">E-mail channel</h2>
      <QueryState
        isPending={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        loadingLabel="Loading the e-mail settings…"
      >
        {status ? (
          <dl className="settings-facts">
            <div>
              <dt>Mailbox</dt>
              <dd>
                <Yes on={status.intake_mailbox !== null} yes="Polled" no="Not configured" />{' '}
                {status.intake_mailbox ?? 'Set MAIL_INBOX_URL to poll a mailbox.'}
              </dd>
            </div>
            <div>
              <dt>Last poll</dt>
              <dd>
                {status.last_poll_at ? (
                  <>
                    <time dateTime={status.last_poll_at}>
                      {formatDateTime(status.last_poll_at)}
                    </time>{' '}
                    <Yes on={status.last_poll_succeeded === true} yes="succeeded" no="failed" />
                    {status.last_poll_error ? ` ${status.last_poll_error}` : ''}
                  </>
                ) : (
                  'Never'
                )}{' '}
                (every {status.fetch_interval_seconds} s)
              </dd>
            </div>
            <div>
              <dt>Webhook</dt>
              <dd>
                <Yes on={status.intake_webhook} yes="Open" no="Closed" /> POST /api/mail/inbound/
              </dd>
            </div>
            <div>
              <dt>Sending</dt>
              <dd>
                <Yes on={status.sending_configured} yes="Configured" no="Console log only" />{' '}
                {status.sending_server ?? status.sending_backend}, from {status.from_address}
              </dd>
            </div>
            <div>
              <dt>Needs a look</dt>
              <dd>
                {status.quarantined} quarantined received mail, {status.undelivered} undelivered
                sent mail (see the admin)
              </dd>
            </div>
          </dl>
        ) : null}
      </QueryState>
    </section>
  );
}
