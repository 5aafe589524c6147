import type { ReactNode } from 'react';

export interface NavItem {
  href: string;
  label: string;
  current?: boolean;
}

export interface PageProps {
  serviceName?: string;
  serviceHref?: string;
  navigation?: NavItem[];
  accountSlot?: ReactNode;
  children: ReactNode;
}

function ServiceNavigation({ serviceName, serviceHref, navigation = [], accountSlot }: Omit<PageProps, 'children'>) {
  const hasEnd = accountSlot !== undefined && accountSlot !== null && accountSlot !== false;
  if (!serviceName && navigation.length === 0 && !hasEnd) return null;

  const inner = (
    <div
      className={
        hasEnd ? 'govuk-width-container govuk-service-navigation__inlining-container' : 'govuk-width-container'
      }
    >
      <div className="govuk-service-navigation__container">
        {serviceName ? (
          <span className="govuk-service-navigation__service-name">
            {serviceHref ? (
              <a href={serviceHref} className="govuk-service-navigation__link">
                {serviceName}
              </a>
            ) : (
              <span className="govuk-service-navigation__text">{serviceName}</span>
            )}
          </span>
        ) : null}
        {navigation.length > 0 ? (
          <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
            {navigation.length > 1 ? (
              <button
                type="button"
                className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
                aria-controls="navigation"
                hidden
                aria-hidden="true"
              >
                Menu
              </button>
            ) : null}
            <ul className="govuk-service-navigation__list" id="navigation">
              {navigation.map((item) => (
                <li
                  key={item.href}
                  className={
                    item.current
                      ? 'govuk-service-navigation__item govuk-service-navigation__item--active'
                      : 'govuk-service-navigation__item'
                  }
                >
                  <a
                    className="govuk-service-navigation__link"
                    href={item.href}
                    aria-current={item.current ? 'page' : undefined}
                  >
                    {item.current ? (
                      <strong className="govuk-service-navigation__active-fallback">{item.label}</strong>
                    ) : (
                      item.label
                    )}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </div>
      {hasEnd ? <div className="app-org-switcher">{accountSlot}</div> : null}
    </div>
  );

  // With a service name or end slot the template uses a labelled <section>.
  return serviceName || hasEnd ? (
    <section
      aria-label="Service information"
      className="govuk-service-navigation"
      data-module="govuk-service-navigation"
    >
      {inner}
    </section>
  ) : (
    <div className="govuk-service-navigation" data-module="govuk-service-navigation">
      {inner}
    </div>
  );
}

/** Page chrome: skip link, generic header, service navigation, phase banner, main, footer. */
export function Page({ serviceName, serviceHref, navigation, accountSlot, children }: PageProps) {
  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-template__header">
        <div className="govuk-generic-header">
          <div className="govuk-generic-header__container govuk-width-container">
            <div className="govuk-generic-header__logo">
              <a href="/" className="govuk-generic-header__homepage-link">
                Traded
              </a>
            </div>
          </div>
        </div>
        <ServiceNavigation
          serviceName={serviceName}
          serviceHref={serviceHref}
          navigation={navigation}
          accountSlot={accountSlot}
        />
      </header>
      <div className="govuk-phase-banner govuk-width-container">
        <p className="govuk-phase-banner__content">
          <strong className="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
          <span className="govuk-phase-banner__text">This is a new service.</span>
        </p>
      </div>
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
      <footer className="govuk-template__footer">
        <div className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <a className="govuk-footer__link" href="/accessibility">
                      Accessibility statement
                    </a>
                  </li>
                </ul>
                <span className="govuk-footer__licence-description">
                  Contains public sector information licensed under the{' '}
                  <a
                    className="govuk-footer__link"
                    href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
                    rel="license"
                  >
                    Open Government Licence v3.0
                  </a>
                  .
                </span>
              </div>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}
