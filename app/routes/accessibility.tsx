import type { TitleHandle } from '../components/document-title';

export const handle: TitleHandle = { title: 'Accessibility statement' };

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for Traded</h1>
        <p className="govuk-body">
          This statement applies to the Traded service, used by local authorities, schools, academy trusts and partner
          councils to buy and sell traded education services.
        </p>
        <p className="govuk-body">
          We want as many people as possible to be able to use this service. You should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using your browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard</li>
          <li>use the service without JavaScript</li>
          <li>listen to the service using a screen reader</li>
        </ul>
        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">
          The service is built with the GOV.UK Design System and every page our automated journeys visit is checked
          against the Web Content Accessibility Guidelines (WCAG) 2.2 AA with axe. Automated checks do not find every
          problem; we have not yet had a full manual audit.
        </p>
        <h2 className="govuk-heading-m">Reporting accessibility problems</h2>
        <p className="govuk-body">
          If you find a problem not listed here, contact the authority that provides your services: its contact address
          is on its provider page. We aim to reply within 5 working days.
        </p>
        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we
          respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>
        <h2 className="govuk-heading-m">Preparation of this statement</h2>
        <p className="govuk-body">This statement was prepared on 22 November 2026.</p>
      </div>
    </div>
  );
}
