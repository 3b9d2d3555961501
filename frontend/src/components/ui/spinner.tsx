/**
 * A small spinning ring. With a label it is an image screen readers can name; without
 * one it is decoration beside visible text. Put it in a live region to announce it.
 */
export function Spinner({ label }: { label?: string }) {
  return label ? (
    <span className="spinner" role="img" aria-label={label} />
  ) : (
    <span className="spinner" aria-hidden="true" />
  );
}
