/** A message about the whole submission rather than one field, announced when the form comes back. */
export function FormProblem({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="form-problem">
      <h2>{message}</h2>
    </div>
  );
}
