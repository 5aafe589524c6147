import type { ReactNode } from 'react';

export interface InsetTextProps {
  children: ReactNode;
  id?: string;
}

/** `govuk-inset-text`. */
export function InsetText({ children, id }: InsetTextProps) {
  return (
    <div id={id} className="govuk-inset-text">
      {children}
    </div>
  );
}
