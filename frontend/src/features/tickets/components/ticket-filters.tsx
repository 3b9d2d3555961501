import { useEffect, useState } from 'react';
import { ChoiceSelect } from '@/components/ui/choice-select';
import { Field } from '@/components/ui/field';
import { isStaff, useCurrentUser } from '@/lib/auth/current-user';
import { type Choice, type TaxonomyKind, useChoices } from '@/lib/taxonomy';
import { useDebouncedCallback } from '@/lib/use-debounced-callback';
import { useTicketFilters } from '../hooks/use-ticket-filters';

export const SEARCH_DEBOUNCE_MS = 300;

/** A text filter keeps its own text so typing stays instant; the URL follows after a pause. */
function TextFilter({
  id,
  label,
  placeholder,
  value,
  onSearch,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onSearch: (value: string) => void;
}) {
  const [text, setText] = useState(value);
  const [scheduleSearch, cancelSearch] = useDebouncedCallback(onSearch, SEARCH_DEBOUNCE_MS);

  // The URL changed from elsewhere (back button, "Clear filters"): show its value.
  useEffect(() => {
    cancelSearch();
    setText(value);
  }, [value, cancelSearch]);

  return (
    <Field id={id} label={label}>
      {(control) => (
        <input
          {...control}
          type="search"
          value={text}
          placeholder={placeholder}
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
  key: 'category' | 'priority' | 'status' | 'language';
  label: string;
  kind: TaxonomyKind;
  emptyLabel: string;
  /** Shown to agents only (requesters never see what was detected). */
  staffOnly?: boolean;
}> = [
  { key: 'category', label: 'Category', kind: 'categories', emptyLabel: 'All categories' },
  { key: 'priority', label: 'Priority', kind: 'priorities', emptyLabel: 'All priorities' },
  { key: 'status', label: 'Status', kind: 'statuses', emptyLabel: 'All statuses' },
  {
    key: 'language',
    label: 'Language',
    kind: 'languages',
    emptyLabel: 'All languages',
    staffOnly: true,
  },
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

const SLA_CHOICES: Choice[] = [
  { value: 'breached', title: 'Breached' },
  { value: 'due_soon', title: 'Due within the hour' },
];
const RATING_CHOICES: Choice[] = [
  { value: 'good', title: 'Rated good' },
  { value: 'bad', title: 'Rated bad' },
  { value: 'none', title: 'Not rated' },
];
const ORDER_CHOICES: Choice[] = [
  { value: '', title: 'Newest first' },
  { value: 'due', title: 'Next due first' },
];

/** Service-level state, tag and order: agents only (requesters' tickets carry neither). */
function AgentFilters() {
  const { filters, setFilter } = useTicketFilters();
  return (
    <>
      <Field id="filter-sla" label="Service level">
        {(control) => (
          <ChoiceSelect
            {...control}
            choices={SLA_CHOICES}
            value={filters.sla ?? ''}
            emptyLabel="Any"
            onValueChange={(value) => setFilter('sla', value)}
          />
        )}
      </Field>
      <Field id="filter-rating" label="Satisfaction">
        {(control) => (
          <ChoiceSelect
            {...control}
            choices={RATING_CHOICES}
            value={filters.rating ?? ''}
            emptyLabel="Any"
            onValueChange={(value) => setFilter('rating', value)}
          />
        )}
      </Field>
      <TextFilter
        id="filter-tag"
        label="Tag"
        placeholder="e.g. vip"
        value={filters.tag ?? ''}
        onSearch={(value) => setFilter('tag', value)}
      />
      <Field id="filter-ordering" label="Order">
        {(control) => (
          <ChoiceSelect
            {...control}
            choices={ORDER_CHOICES}
            value={filters.ordering ?? ''}
            onValueChange={(value) => setFilter('ordering', value)}
          />
        )}
      </Field>
    </>
  );
}

export function TicketFiltersBar() {
  const { filters, setFilter, clearFilters, hasFilters } = useTicketFilters();
  const staff = isStaff(useCurrentUser());

  return (
    // biome-ignore lint/a11y/noRedundantRoles: older browsers and jsdom do not map <search> to the landmark yet
    <search className="filters" role="search" aria-label="Filter tickets">
      <TextFilter
        id="filter-search"
        label="Search"
        placeholder="Words in title or description"
        value={filters.search ?? ''}
        onSearch={(value) => setFilter('search', value)}
      />
      {SELECT_FILTERS.filter((filter) => staff || !filter.staffOnly).map(
        ({ key, label, kind, emptyLabel }) => (
          <FilterSelect
            key={key}
            id={`filter-${key}`}
            label={label}
            kind={kind}
            emptyLabel={emptyLabel}
            value={filters[key] ?? ''}
            onChange={(value) => setFilter(key, value)}
          />
        ),
      )}
      {staff ? <AgentFilters /> : null}
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
