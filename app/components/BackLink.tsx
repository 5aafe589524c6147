import type { ReactNode } from 'react';

export interface BackLinkProps {
  href: string;
  children?: ReactNode;
}

/** `govuk-back-link`; text defaults to "Back". */
export function BackLink({ href, children = 'Back' }: BackLinkProps) {
  return (
    <a href={href} className="govuk-back-link">
      {children}
    </a>
  );
}
