import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BackLink } from './BackLink';
import { Button, ButtonLink } from './Button';
import { CsrfInput } from './CsrfInput';
import { ErrorSummary } from './ErrorSummary';
import { InsetText } from './InsetText';
import { NotificationBanner } from './NotificationBanner';
import { Page } from './Page';
import { Radios } from './Radios';
import { Select } from './Select';
import { SummaryList } from './SummaryList';
import { Table } from './Table';
import { Tag } from './Tag';
import { TextInput } from './TextInput';
import { WarningText } from './WarningText';

describe('ErrorSummary', () => {
  it('renders nothing for an empty list', () => {
    expect(renderToStaticMarkup(<ErrorSummary errors={[]} />)).toBe('');
  });

  it('links errors to their fields', () => {
    const html = renderToStaticMarkup(
      <ErrorSummary errors={[{ field: 'email', message: 'Enter an email address' }, { message: 'Something else' }]} />,
    );
    expect(html).toContain('class="govuk-error-summary"');
    expect(html).toContain('data-module="govuk-error-summary"');
    expect(html).toContain('tabindex="-1"');
    expect(html).toContain('<div role="alert">');
    expect(html).toContain('<h2 class="govuk-error-summary__title">There is a problem</h2>');
    expect(html).toContain('<a href="#email">Enter an email address</a>');
    expect(html).toContain('<li>Something else</li>');
  });
});

describe('TextInput', () => {
  it('renders a plain input with a label', () => {
    const html = renderToStaticMarkup(<TextInput name="email" label="Email address" type="email" />);
    expect(html).toContain('<div class="govuk-form-group">');
    expect(html).toContain('<label class="govuk-label" for="email">Email address</label>');
    expect(html).toContain('class="govuk-input" id="email" name="email" type="email"');
    expect(html).not.toContain('aria-describedby');
  });

  it('renders hint and error conventions', () => {
    const html = renderToStaticMarkup(
      <TextInput
        name="email"
        label="Email address"
        hint="We will only use this to contact you"
        error="Enter an email address"
        width="20"
        spellCheck={false}
        autoComplete="email"
      />,
    );
    expect(html).toContain('govuk-form-group govuk-form-group--error');
    expect(html).toContain('class="govuk-input govuk-input--width-20 govuk-input--error"');
    expect(html).toContain('<div id="email-hint" class="govuk-hint">');
    expect(html).toContain(
      '<p id="email-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter an email address</p>',
    );
    expect(html).toContain('aria-describedby="email-hint email-error"');
    expect(html).toContain('spellcheck="false"');
    expect(html.toLowerCase()).toContain('autocomplete="email"');
  });

  it('wraps the label in a heading when it is the page heading', () => {
    const html = renderToStaticMarkup(<TextInput name="q" label="Search" isPageHeading />);
    expect(html).toContain('<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="q">');
  });
});

describe('Select', () => {
  it('renders options, selected value and errors', () => {
    const html = renderToStaticMarkup(
      <Select
        name="phase"
        label="Phase"
        defaultValue="secondary"
        error="Select a phase"
        items={[
          { value: 'primary', label: 'Primary' },
          { value: 'secondary', label: 'Secondary' },
        ]}
      />,
    );
    expect(html).toContain('govuk-form-group--error');
    expect(html).toContain(
      'class="govuk-select govuk-select--error" id="phase" name="phase" aria-describedby="phase-error"',
    );
    expect(html).toContain('<option value="secondary" selected="">Secondary</option>');
    expect(html).toContain('<span class="govuk-visually-hidden">Error:</span>');
  });
});

describe('Radios', () => {
  it('renders a fieldset with ids the error summary can link to', () => {
    const html = renderToStaticMarkup(
      <Radios
        name="kind"
        legend="Who are you buying for?"
        hint="Select one"
        error="Select who you are buying for"
        defaultValue="trust"
        items={[
          { value: 'school', label: 'A school' },
          { value: 'trust', label: 'A trust', hint: 'Multi-academy trusts' },
        ]}
      />,
    );
    expect(html).toContain('govuk-form-group--error');
    expect(html).toContain('<fieldset class="govuk-fieldset" aria-describedby="kind-hint kind-error">');
    expect(html).toContain('<legend class="govuk-fieldset__legend">Who are you buying for?</legend>');
    expect(html).toContain('<div class="govuk-radios" data-module="govuk-radios">');
    expect(html).toContain('id="kind" name="kind" type="radio" value="school"');
    expect(html).toMatch(/<input class="govuk-radios__input" id="kind-2" name="kind" type="radio"[^>]* checked=""/);
    expect(html).toMatch(/id="kind-2"[^>]* aria-describedby="kind-2-item-hint"/);
    expect(html).not.toMatch(/id="kind"[^>]* checked/);
    expect(html).toContain(
      '<div id="kind-2-item-hint" class="govuk-hint govuk-radios__hint">Multi-academy trusts</div>',
    );
  });
});

describe('Button', () => {
  it('renders a submit button and variants', () => {
    expect(renderToStaticMarkup(<Button>Continue</Button>)).toBe(
      '<button type="submit" class="govuk-button" data-module="govuk-button">Continue</button>',
    );
    expect(renderToStaticMarkup(<Button variant="warning">Delete</Button>)).toContain(
      'class="govuk-button govuk-button--warning"',
    );
    expect(
      renderToStaticMarkup(
        <ButtonLink href="/start" variant="secondary">
          Start
        </ButtonLink>,
      ),
    ).toBe(
      '<a href="/start" role="button" draggable="false" class="govuk-button govuk-button--secondary" data-module="govuk-button">Start</a>',
    );
  });
});

describe('Page', () => {
  it('renders the chrome', () => {
    const html = renderToStaticMarkup(
      <Page
        serviceName="Traded"
        serviceHref="/"
        navigation={[
          { href: '/services', label: 'Services', current: true },
          { href: '/orders', label: 'Orders' },
        ]}
        accountSlot={<span>Ada Lovelace</span>}
      >
        <h1 className="govuk-heading-l">Hello</h1>
      </Page>,
    );
    expect(html.startsWith('<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">')).toBe(
      true,
    );
    expect(html).toContain('class="govuk-generic-header"');
    expect(html).toContain('<a href="/" class="govuk-generic-header__homepage-link">Traded</a>');
    expect(html).toContain('<section aria-label="Service information" class="govuk-service-navigation"');
    expect(html).toContain('govuk-service-navigation__item govuk-service-navigation__item--active');
    expect(html).toContain(
      'aria-current="page"><strong class="govuk-service-navigation__active-fallback">Services</strong></a>',
    );
    expect(html).toContain('<div class="app-org-switcher"><span>Ada Lovelace</span></div>');
    expect(html).toContain('<strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>');
    expect(html).toContain('<main class="govuk-main-wrapper" id="main-content">');
    expect(html).toContain('<a class="govuk-footer__link" href="/accessibility">Accessibility statement</a>');
    expect(html).toContain('Contains public sector information licensed under the');
    expect(html).not.toContain('govuk-footer__crown');
    expect(html).not.toContain('copyright');
  });

  it('omits the service navigation when there is nothing to show', () => {
    const html = renderToStaticMarkup(<Page>content</Page>);
    expect(html).not.toContain('govuk-service-navigation');
  });
});

describe('small components', () => {
  it('renders summary list rows with and without actions', () => {
    const html = renderToStaticMarkup(
      <SummaryList
        rows={[
          {
            key: 'Name',
            value: 'Ada',
            actions: (
              <a className="govuk-link" href="/name">
                Change
              </a>
            ),
          },
          { key: 'Email', value: 'ada@example.com' },
        ]}
      />,
    );
    expect(html).toContain('<dt class="govuk-summary-list__key">Name</dt>');
    expect(html).toContain('<dd class="govuk-summary-list__actions">');
    expect(html).toContain('govuk-summary-list__row govuk-summary-list__row--no-actions');
  });

  it('renders a table with column and row headers', () => {
    const html = renderToStaticMarkup(
      <Table caption="Orders" head={['Service', 'Price']} rows={[['Payroll', '£100']]} firstCellIsHeader />,
    );
    expect(html).toContain('<caption class="govuk-table__caption">Orders</caption>');
    expect(html).toContain('<th scope="col" class="govuk-table__header">Service</th>');
    expect(html).toContain('<th scope="row" class="govuk-table__header">Payroll</th>');
    expect(html).toContain('<td class="govuk-table__cell">£100</td>');
  });

  it('renders notification banners', () => {
    const success = renderToStaticMarkup(<NotificationBanner type="success" heading="Order placed" />);
    expect(success).toContain('class="govuk-notification-banner govuk-notification-banner--success" role="alert"');
    expect(success).toContain('aria-labelledby="govuk-notification-banner-title"');
    expect(success).toContain('>Success</h2>');
    expect(success).toContain('<p class="govuk-notification-banner__heading">Order placed</p>');
    const important = renderToStaticMarkup(<NotificationBanner>Note</NotificationBanner>);
    expect(important).toContain('role="region"');
    expect(important).toContain('>Important</h2>');
  });

  it('renders tag, inset text, back link and CSRF input', () => {
    expect(renderToStaticMarkup(<Tag colour="green">Active</Tag>)).toBe(
      '<strong class="govuk-tag govuk-tag--green">Active</strong>',
    );
    expect(renderToStaticMarkup(<InsetText>Hi</InsetText>)).toBe('<div class="govuk-inset-text">Hi</div>');
    expect(renderToStaticMarkup(<BackLink href="/back" />)).toBe('<a href="/back" class="govuk-back-link">Back</a>');
    expect(renderToStaticMarkup(<CsrfInput token="abc" />)).toBe('<input type="hidden" name="csrf" value="abc"/>');
    expect(renderToStaticMarkup(<WarningText>Publish before 1 September</WarningText>)).toBe(
      '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>' +
        '<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>' +
        'Publish before 1 September</strong></div>',
    );
  });
});
