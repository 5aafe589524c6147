import type { ReactNode } from 'react';

export interface NotificationBannerProps {
  type?: 'important' | 'success';
  title?: string;
  titleId?: string;
  /** A short single line, rendered as `govuk-notification-banner__heading`. */
  heading?: ReactNode;
  children?: ReactNode;
}

/** `govuk-notification-banner`; the success variant uses `role="alert"`, otherwise `role="region"`. */
export function NotificationBanner({
  type = 'important',
  title,
  titleId = 'govuk-notification-banner-title',
  heading,
  children,
}: NotificationBannerProps) {
  const success = type === 'success';
  return (
    <div
      className={success ? 'govuk-notification-banner govuk-notification-banner--success' : 'govuk-notification-banner'}
      role={success ? 'alert' : 'region'}
      aria-labelledby={titleId}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={titleId}>
          {title ?? (success ? 'Success' : 'Important')}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        {heading ? <p className="govuk-notification-banner__heading">{heading}</p> : null}
        {children}
      </div>
    </div>
  );
}
