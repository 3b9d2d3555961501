import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { errorMessage } from '@/lib/api/errors';
import type { ReplyDraft } from '@/lib/api/types';
import { useCreateDraft } from '../api/create-draft';
import { useDiscardDraft } from '../api/discard-draft';

const NO_DRAFT: Record<string, string> = {
  none_fits: 'The language model found no past answer that fits this ticket.',
  nothing_similar: 'No similar resolved ticket has an answer to draft from.',
  only_personal:
    "The similar tickets' answers are about their customers' own details; none can be reused.",
};

function Sources({ draft }: { draft: ReplyDraft }) {
  return (
    <>
      {draft.sources.map((source, index) => (
        <span key={source.id}>
          {index > 0 ? ', ' : ' '}
          <Link to={`/tickets/${source.id}`} title={source.title}>
            #{source.id}
          </Link>
        </span>
      ))}
    </>
  );
}

/**
 * "Suggest a reply" above the reply box: fills it with a draft grounded in the team's
 * answers to similar tickets. Sending it (as is or edited) is recorded by the server;
 * "Discard draft" records that it was not used.
 */
export function DraftTools({ ticketId, fill }: { ticketId: number; fill: (text: string) => void }) {
  const create = useCreateDraft();
  const discard = useDiscardDraft();
  const [draft, setDraft] = useState<ReplyDraft | null>(null);

  function suggest() {
    create.mutate(ticketId, {
      onSuccess: (made) => {
        setDraft(made);
        if (made.body) fill(made.body);
      },
    });
  }

  function dismiss() {
    if (!draft) return;
    discard.mutate({ ticketId, draftId: draft.id });
    fill('');
    setDraft(null);
  }

  return (
    <div className="draft-tools">
      <button
        type="button"
        className="button button--secondary"
        onClick={suggest}
        disabled={create.isPending}
      >
        {create.isPending ? 'Drafting…' : 'Suggest a reply'}
      </button>
      {create.isError ? (
        <Alert tone="error">Could not draft a reply: {errorMessage(create.error)}</Alert>
      ) : null}
      {draft && !draft.body ? (
        <Alert tone="info">{NO_DRAFT[draft.reason] ?? 'No draft this time.'}</Alert>
      ) : null}
      {draft?.body ? (
        <p className="draft-tools__note">
          {draft.source === 'llm' ? 'Drafted by the language model from' : 'A past reply, from'}
          <Sources draft={draft} />. Edit it before sending.{' '}
          <button type="button" className="button button--link" onClick={dismiss}>
            Discard draft
          </button>
        </p>
      ) : null}
    </div>
  );
}
