import { Badge } from '@/components/ui/badge';
import type { Sla, SlaTarget } from '@/lib/api/types';
import { formatDateTime, formatMinutes } from '@/lib/format';

export const TARGET_LABEL = {
  first_response: 'First response',
  next_response: 'Next response',
  resolution: 'Resolution',
} as const;

type TargetName = keyof typeof TARGET_LABEL;
const TARGETS = Object.keys(TARGET_LABEL) as TargetName[];

/** Minutes left or overdue, or how the target ended. */
export function describeTarget(target: SlaTarget): string {
  if (target.state === 'done') return target.breached ? 'missed' : 'met';
  const when =
    target.remaining_minutes < 0
      ? `${formatMinutes(target.remaining_minutes)} overdue`
      : `${formatMinutes(target.remaining_minutes)} left`;
  return target.state === 'paused' ? `${when} (paused)` : when;
}

/** The target that matters most now: an overdue one, else the one due soonest. */
function mostUrgent(sla: Sla): [TargetName, SlaTarget] | null {
  const running = TARGETS.flatMap((name) => {
    const target = sla[name];
    return target && target.state !== 'done' ? [[name, target] as [TargetName, SlaTarget]] : [];
  });
  running.sort((a, b) => a[1].remaining_minutes - b[1].remaining_minutes);
  return running[0] ?? null;
}

const SOON_MINUTES = 60;

/** One badge for the ticket list: breached, due soon, paused or the time left. */
export function SlaBadge({ sla }: { sla: Sla | null }) {
  if (!sla?.policy) return null;
  const urgent = mostUrgent(sla);
  if (!urgent) return null;
  const [name, target] = urgent;
  const tone = target.breached
    ? 'breached'
    : sla.paused
      ? 'paused'
      : target.remaining_minutes <= SOON_MINUTES
        ? 'soon'
        : 'ok';
  const text = target.breached
    ? `${TARGET_LABEL[name]} overdue`
    : sla.paused
      ? 'SLA paused'
      : `${TARGET_LABEL[name]} in ${formatMinutes(target.remaining_minutes)}`;
  return (
    <Badge kind="sla" value={tone}>
      {text}
    </Badge>
  );
}

/** The ticket page's service-level section: each target's due time and state. */
export function SlaPanel({ sla }: { sla: Sla }) {
  return (
    <section className="sla-panel" aria-labelledby="sla-heading">
      <h2 id="sla-heading" className="ticket-detail__subheading">
        Service level{sla.policy ? `: ${sla.policy}` : ''}
      </h2>
      {!sla.policy ? (
        <p className="sla-panel__none">No service-level policy applies to this ticket.</p>
      ) : (
        <dl className="sla-panel__targets">
          {TARGETS.map((name) => {
            const target = sla[name];
            return (
              <div
                key={name}
                className={target?.breached ? 'sla-panel__target--breached' : undefined}
              >
                <dt>{TARGET_LABEL[name]}</dt>
                <dd>
                  {target ? (
                    <>
                      {target.breached ? (
                        <Badge kind="sla" value="breached">
                          Breached
                        </Badge>
                      ) : null}{' '}
                      due <time dateTime={target.due}>{formatDateTime(target.due)}</time> ·{' '}
                      {describeTarget(target)}
                    </>
                  ) : name === 'next_response' ? (
                    'no customer reply waiting'
                  ) : (
                    'no target'
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
