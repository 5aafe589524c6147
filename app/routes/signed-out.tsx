import type { TitleHandle } from '../components/document-title';

export const handle: TitleHandle = { title: 'You have signed out' };

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
