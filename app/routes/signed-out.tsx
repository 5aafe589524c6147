import type { MetaFunction } from '@remix-run/node';

export const meta: MetaFunction = () => [{ title: 'You have signed out – Traded' }];

export default function SignedOut() {
  return (
    <>
      <h1 className="govuk-heading-l">You have signed out</h1>
      <p className="govuk-body">
        <a className="govuk-link" href="/sign-in">
          Sign in again
        </a>
      </p>
    </>
  );
}
