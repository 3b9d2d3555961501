import { Spinner } from '@/components/ui/spinner';
import type { ClassifyResult } from '@/lib/api/types';
import { useLabel } from '@/lib/taxonomy';
import type { Classification } from '../api/classify-ticket';

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

/** The suggestion in words; a label the classifier was not sure enough of reads "no suggestion". */
function ReadyText({ result }: { result: ClassifyResult }) {
  const categoryLabel = useLabel('categories');
  const priorityLabel = useLabel('priorities');
  const sourceLabel = useLabel('sources');
  const by = result.source ? ` by the ${sourceLabel(result.source).toLowerCase()}` : '';
  const category = result.suggested_category;
  const priority = result.suggested_priority;

  if (category === null && priority === null) {
    return (
      <p className="suggestion__text suggestion__text--muted">
        No suggestion{by}: it is not confident enough about this one. Please select a category and
        priority.
      </p>
    );
  }
  return (
    <p className="suggestion__text">
      Suggested{by}
      {category !== null && result.confidence !== null
        ? ` (confidence ${percent.format(result.confidence)})`
        : ''}
      : {category !== null ? categoryLabel(category) : 'no category suggestion'},{' '}
      {priority !== null ? priorityLabel(priority) : 'no priority suggestion'}. Change either if it
      does not fit.
    </p>
  );
}

/** What the classifier is doing, in a live region so screen readers hear the suggestion arrive. */
export function SuggestionStatus({ classification }: { classification: Classification }) {
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
      {classification.state === 'ready' ? <ReadyText result={classification.result} /> : null}
    </div>
  );
}
