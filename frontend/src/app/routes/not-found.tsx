import { Link } from 'react-router';
import { useDocumentTitle } from '@/lib/use-document-title';

export function NotFoundRoute() {
  useDocumentTitle('Page not found');
  return (
    <div className="panel">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the tickets</Link>
      </p>
    </div>
  );
}
