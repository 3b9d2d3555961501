import { useSearchParams } from 'react-router';
import { PublicRequestForm } from '@/features/customers';
import { useDocumentTitle } from '@/lib/use-document-title';

/**
 * The public request form, for people who are not signed in; `?embed=1` leaves out the
 * heading's link home, for a frame on another site.
 */
export function PublicRequestRoute() {
  useDocumentTitle('Contact support');
  const [params] = useSearchParams();
  const embedded = params.get('embed') === '1';
  return (
    <main id="main" className={`main public-page${embedded ? ' public-page--embedded' : ''}`}>
      <section className="panel new-ticket" aria-labelledby="request-heading">
        <h1 id="request-heading">Contact support</h1>
        <p>Tell us what you need. We answer by mail; no account or password is needed.</p>
        <PublicRequestForm />
        {embedded ? null : (
          <p className="public-page__aside">
            Already wrote to us? <a href="/login">Sign in</a> to follow your requests.
          </p>
        )}
      </section>
    </main>
  );
}
