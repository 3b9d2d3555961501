import type { ChangeProblem } from '../hooks/use-ticket-change';

/** Says why a change was undone; for a conflict, offers to load the current ticket. */
export function ChangeProblemAlert({
  problem,
  onReload,
}: {
  problem: ChangeProblem | null;
  onReload: () => void;
}) {
  if (!problem) return null;
  return (
    <div className="change-problem" role="alert">
      <p className="change-problem__text">{problem.message}</p>
      {problem.conflict ? (
        <button type="button" className="button button--secondary" onClick={onReload}>
          Reload
        </button>
      ) : null}
    </div>
  );
}
