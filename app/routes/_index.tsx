import type { TitleHandle } from '../components/document-title';
import { ButtonLink } from '../components/Button';
import { useRootData } from '../root';

export const handle: TitleHandle = { title: 'Traded education services' };

export default function Index() {
  const root = useRootData();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Traded education services</h1>
        <p className="govuk-body-l">
          Local authorities publish the services they sell to schools, with their charges. Schools, academy trusts and
          partner councils buy them, and finance teams invoice, recharge and reconcile in one place.
        </p>
        {root?.person ? (
          <ButtonLink href="/organisations">Continue</ButtonLink>
        ) : (
          <ButtonLink href="/sign-in">Sign in</ButtonLink>
        )}
      </div>
    </div>
  );
}
