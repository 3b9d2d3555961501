import type { Delivery } from '@/lib/api/types';

const DELIVERY_LABEL: Record<Delivery['status'], string> = {
  queued: 'Sending',
  sent: 'Delivered',
  failed: 'Not delivered',
  bounced: 'Not delivered (bounced)',
};

/** Where each copy of a reply went by mail, and whether it arrived (agents only). */
export function Deliveries({
  deliveries,
  label = 'Sent by e-mail',
}: {
  deliveries: Delivery[];
  label?: string;
}) {
  if (deliveries.length === 0) return null;
  return (
    <ul className="deliveries" aria-label={label} title={label}>
      {deliveries.map((delivery) => (
        <li
          key={delivery.id}
          className={
            delivery.status === 'failed' || delivery.status === 'bounced'
              ? 'deliveries__item deliveries__item--failed'
              : 'deliveries__item'
          }
          title={delivery.error || undefined}
        >
          {DELIVERY_LABEL[delivery.status]} to {delivery.recipient}
          {delivery.error && delivery.status !== 'sent' ? `: ${delivery.error}` : ''}
        </li>
      ))}
    </ul>
  );
}
