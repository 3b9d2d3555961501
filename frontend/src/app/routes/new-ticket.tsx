import { useMemo, useState } from 'react';
import { CreateTicketForm, type FieldSuggestion } from '@/features/tickets';
import { SuggestionStatus, useClassifySuggestion } from '@/features/triage';
import { useDocumentTitle } from '@/lib/use-document-title';

/** The new-ticket form, which triage feeds with suggestions while the user types. */
export function NewTicketRoute() {
  useDocumentTitle('New ticket');
  const [description, setDescription] = useState('');
  const classification = useClassifySuggestion(description);
  // A new object only when a new answer arrives, so the form applies each answer once.
  const suggestion = useMemo<FieldSuggestion | null>(
    () =>
      classification.state === 'ready'
        ? {
            category: classification.result.suggested_category,
            priority: classification.result.suggested_priority,
          }
        : null,
    [classification],
  );

  return (
    <section className="panel new-ticket" aria-labelledby="new-ticket-heading">
      <h1 id="new-ticket-heading">New ticket</h1>
      <CreateTicketForm
        suggestion={suggestion}
        suggestionStatus={<SuggestionStatus classification={classification} />}
        onDescriptionChange={setDescription}
      />
    </section>
  );
}
