/** A sign-in with another organisation's account that could not finish: what happened and what to do. */
export function SignInProblem({ message }: { message: string }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You could not be signed in</h1>
        <p className="govuk-body">{message}</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/sign-in">
            Go to the sign-in page
          </a>
        </p>
      </div>
    </div>
  );
}
