import { SavedRepliesManager } from '@/features/saved-replies';
import { useDocumentTitle } from '@/lib/use-document-title';

/** Saved replies: the agent's own and the team's shared ones (admins manage those). */
export function SavedRepliesRoute() {
  useDocumentTitle('Saved replies');
  return (
    <section className="saved-replies-page" aria-labelledby="saved-replies-heading">
      <h1 id="saved-replies-heading">Saved replies</h1>
      <SavedRepliesManager />
    </section>
  );
}
