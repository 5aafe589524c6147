import type { ReactNode } from 'react';

export type TagColour = 'grey' | 'green' | 'teal' | 'purple' | 'magenta' | 'red' | 'orange' | 'yellow';

export interface TagProps {
  children: ReactNode;
  colour?: TagColour;
}

/** `<strong class="govuk-tag">`, with an optional colour modifier. */
export function Tag({ children, colour }: TagProps) {
  return <strong className={colour ? `govuk-tag govuk-tag--${colour}` : 'govuk-tag'}>{children}</strong>;
}
