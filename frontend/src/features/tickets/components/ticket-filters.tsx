import { useEffect, useState } from 'react';
import { ChoiceSelect } from '@/components/ui/choice-select';
import { Field } from '@/components/ui/field';
import { type TaxonomyKind, useChoices } from '@/lib/taxonomy';
import { useDebouncedCallback } from '@/lib/use-debounced-callback';
import { type FilterKey, useTicketFilters } from '../hooks/use-ticket-filters';

export const SEARCH_DEBOUNCE_MS = 300;

/** The search box keeps its own text so typing stays instant; the URL follows after a pause. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (value: string) => void }) {
  const [text, setText] = useState(value);
  const [scheduleSearch, cancelSearch] = useDebouncedCallback(onSearch, SEARCH_DEBOUNCE_MS);

  // The URL changed from elsewhere (back button, "Clear filters"): show its value.
  useEffect(() => {
    cancelSearch();
    setText(value);
  }, [value, cancelSearch]);

  return (
    <Field id="filter-search" label="Search">
      {(control) => (
        <input
          {...control}
          type="search"
          value={text}
          placeholder="Words in title or description"
          autoComplete="off"
          onChange={(event) => {
            setText(event.target.value);
            scheduleSearch(event.target.value);
          }}
        />
      )}
    </Field>
  );
}

const SELECT_FILTERS: Array<{
  key: Exclude<FilterKey, 'search'>;
  label: string;
  kind: TaxonomyKind;
  emptyLabel: string;
}> = [
  { key: 'category', label: 'Category', kind: 'categories', emptyLabel: 'All categories' },
  { key: 'priority', label: 'Priority', kind: 'priorities', emptyLabel: 'All priorities' },
  { key: 'status', label: 'Status', kind: 'statuses', emptyLabel: 'All statuses' },
];

function FilterSelect({
  id,
  label,
  kind,
  emptyLabel,
  value,
  onChange,
}: {
  id: string;
  label: string;
  kind: TaxonomyKind;
  emptyLabel: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const choices = useChoices(kind);
  return (
    <Field id={id} label={label}>
      {(control) => (
        <ChoiceSelect
          {...control}
          choices={choices}
          value={value}
          emptyLabel={emptyLabel}
          onValueChange={onChange}
        />
      )}
    </Field>
  );
}

export function TicketFiltersBar() {
  const { filters, setFilter, clearFilters, hasFilters } = useTicketFilters();

  return (
    // biome-ignore lint/a11y/noRedundantRoles: older browsers and jsdom do not map <search> to the landmark yet
    <search className="filters" role="search" aria-label="Filter tickets">
      <SearchBox value={filters.search ?? ''} onSearch={(value) => setFilter('search', value)} />
      {SELECT_FILTERS.map(({ key, label, kind, emptyLabel }) => (
        <FilterSelect
          key={key}
          id={`filter-${key}`}
          label={label}
          kind={kind}
          emptyLabel={emptyLabel}
          value={filters[key] ?? ''}
          onChange={(value) => setFilter(key, value)}
        />
      ))}
      {hasFilters ? (
        <button
          type="button"
          className="button button--secondary filters__clear"
          onClick={clearFilters}
        >
          Clear filters
        </button>
      ) : null}
    </search>
  );
}
