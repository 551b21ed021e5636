import type { KeyboardEvent } from 'react';

/** A log view's search field, its count and its previous / next buttons. */
export function SearchBar({
  query,
  onQuery,
  status,
  count,
  onStep,
  placeholder = 'Search this log',
}: {
  query: string;
  onQuery: (query: string) => void;
  /** "3 of 12", "no matches", "searching…". */
  status: string;
  /** Matches to step through; the buttons do nothing without any. */
  count: number;
  onStep: (delta: 1 | -1) => void;
  placeholder?: string;
}) {
  const onKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (count > 0) onStep(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      event.stopPropagation();
      onQuery('');
    }
  };
  return (
    <>
      <input
        id="log-search"
        type="search"
        placeholder={placeholder}
        aria-label="Search this log"
        title="Enter: next match · Shift+Enter: previous · Esc: clear (/ focuses this field)"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={onKey}
      />
      <span className="match-count" role="status" aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        aria-disabled={count === 0}
        onClick={() => count > 0 && onStep(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Next match"
        title="Next match (Enter)"
        aria-disabled={count === 0}
        onClick={() => count > 0 && onStep(1)}
      >
        ↓
      </button>
    </>
  );
}
