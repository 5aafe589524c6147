import type { ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'warning';

function buttonClass(variant: ButtonVariant): string {
  return variant === 'primary' ? 'govuk-button' : `govuk-button govuk-button--${variant}`;
}

export interface ButtonProps {
  children: ReactNode;
  variant?: ButtonVariant;
  type?: 'submit' | 'button' | 'reset';
  name?: string;
  value?: string;
  disabled?: boolean;
  preventDoubleClick?: boolean;
}

/** `<button class="govuk-button" data-module="govuk-button">`, submit by default. */
export function Button({
  children,
  variant = 'primary',
  type = 'submit',
  name,
  value,
  disabled = false,
  preventDoubleClick,
}: ButtonProps) {
  return (
    <button
      type={type}
      value={value}
      name={name}
      disabled={disabled || undefined}
      aria-disabled={disabled ? true : undefined}
      data-prevent-double-click={preventDoubleClick === undefined ? undefined : String(preventDoubleClick)}
      className={buttonClass(variant)}
      data-module="govuk-button"
    >
      {children}
    </button>
  );
}

export interface ButtonLinkProps {
  href: string;
  children: ReactNode;
  variant?: ButtonVariant;
}

/** A link styled as a button: `<a role="button" draggable="false" class="govuk-button">`. */
export function ButtonLink({ href, children, variant = 'primary' }: ButtonLinkProps) {
  return (
    <a href={href} role="button" draggable={false} className={buttonClass(variant)} data-module="govuk-button">
      {children}
    </a>
  );
}
