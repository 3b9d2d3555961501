import { Spinner } from '@/components/ui/spinner';
import { useLabel } from '@/lib/taxonomy';
import type { Classification } from '../api/classify-ticket';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

/** What the classifier is doing, in a live region so screen readers hear the suggestion arrive. */
export function SuggestionStatus({ classification }: { classification: Classification }) {
  const categoryLabel = useLabel('categories');
  const priorityLabel = useLabel('priorities');
  const sourceLabel = useLabel('sources');

  return (
    <div className="suggestion" aria-live="polite" data-state={classification.state}>
      {classification.state === 'thinking' ? (
        <p className="suggestion__text">
          <Spinner label="Getting a suggestion" />
          <span>Thinking about a category and priority…</span>
        </p>
      ) : null}
      {classification.state === 'unavailable' ? (
        <p className="suggestion__text suggestion__text--muted">
          AI suggestion unavailable — please select manually.
        </p>
      ) : null}
      {classification.state === 'ready' ? (
        <p className="suggestion__text">
          Suggested
          {classification.result.source
            ? ` by the ${sourceLabel(classification.result.source).toLowerCase()}`
            : ''}
          {classification.result.confidence !== null
            ? ` (confidence ${percent.format(classification.result.confidence)})`
            : ''}
          :{' '}
          {[
            classification.result.suggested_category &&
              categoryLabel(classification.result.suggested_category),
            classification.result.suggested_priority &&
              priorityLabel(classification.result.suggested_priority),
          ]
            .filter(Boolean)
            .join(', ')}
          . Change either if it does not fit.
        </p>
      ) : null}
    </div>
  );
}
