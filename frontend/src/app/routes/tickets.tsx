import { useMemo, useState } from 'react';
import { CreateTicketForm, type FieldSuggestion, TicketList } from '@/features/tickets';
import { SuggestionStatus, useClassifySuggestion } from '@/features/triage';
import { useDocumentTitle } from '@/lib/use-document-title';

/** The ticket list beside the new-ticket form, which triage feeds with suggestions. */
export function TicketsRoute() {
  useDocumentTitle('Tickets');
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
    <div className="tickets-page">
      <h1 className="visually-hidden">Tickets</h1>
      <section className="panel tickets-page__form" aria-labelledby="new-ticket-heading">
        <h2 id="new-ticket-heading">New ticket</h2>
        <CreateTicketForm
          suggestion={suggestion}
          suggestionStatus={<SuggestionStatus classification={classification} />}
          onDescriptionChange={setDescription}
        />
      </section>
      <section className="tickets-page__list" aria-labelledby="all-tickets-heading">
        <h2 id="all-tickets-heading">All tickets</h2>
        <TicketList />
      </section>
    </div>
  );
}
