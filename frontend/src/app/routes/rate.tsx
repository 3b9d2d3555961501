import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { SatisfactionForm, useRateWithToken } from '@/features/customers';
import type { Rating } from '@/lib/api/types';
import { useDocumentTitle } from '@/lib/use-document-title';

function asRating(value: string | null): Rating | null {
  return value === 'good' || value === 'bad' ? value : null;
}

/**
 * Where the resolved mail's "Good" and "Bad" links lead: the one click is recorded on arrival
 * (no sign-in: the link's signed token is bound to the ticket and its resolution), and the
 * page lets the customer change it or add a comment.
 */
export function RateRoute() {
  useDocumentTitle('How did we do?');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const first = asRating(params.get('rating'));
  const rate = useRateWithToken();
  const [recorded, setRecorded] = useState<{ rating: Rating; comment: string } | null>(null);
  const sent = useRef(false);

  function send(input: { rating: Rating; comment?: string }) {
    rate.mutate(
      { token, ...input },
      { onSuccess: (answer) => setRecorded({ rating: answer.rating, comment: answer.comment }) },
    );
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: the click from the mail is sent once, on arrival
  useEffect(() => {
    if (sent.current || !token || !first) return;
    sent.current = true;
    send({ rating: first });
  }, [token, first]);

  return (
    <main id="main" className="main public-page">
      <section className="panel" aria-labelledby="rate-heading">
        <h1 id="rate-heading">
          Your feedback{rate.data ? ` on request #${rate.data.ticket_number}` : ''}
        </h1>
        {rate.data ? <p>{rate.data.title}</p> : null}
        {token ? (
          <SatisfactionForm
            rating={recorded?.rating ?? null}
            comment={recorded?.comment ?? ''}
            pending={rate.isPending}
            error={rate.error}
            saved={recorded !== null}
            onRate={send}
          />
        ) : (
          <Alert tone="warning">This link has no rating token; use the link from your mail.</Alert>
        )}
      </section>
    </main>
  );
}
