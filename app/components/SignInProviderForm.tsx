import { Button } from './Button';
import { Checkboxes } from './Checkboxes';
import { CsrfInput } from './CsrfInput';
import type { FieldError } from './ErrorSummary';
import { InsetText } from './InsetText';
import { TextInput } from './TextInput';

export interface SignInProviderFormProps {
  csrf: string;
  /** The product, as the admin knows it: "Microsoft Entra ID", "DfE Sign-in". */
  product: string;
  /** Who will see the button: "staff", "people in schools, trusts and councils". */
  who: string;
  issuerHint: string;
  clientIdLabel: string;
  redirectUri: string;
  secretSaved: boolean;
  values: { issuerUrl: string; clientId: string; enabled: boolean };
  errors: FieldError[];
}

/** An OpenID Connect issuer's settings. The secret is never shown: only whether one is saved. */
export function SignInProviderForm(props: SignInProviderFormProps) {
  const { errors, values } = props;
  const error = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <form method="post" noValidate>
      <CsrfInput token={props.csrf} />
      <InsetText>
        <p className="govuk-body">
          Register this redirect URI with {props.product}: <code>{props.redirectUri}</code>
        </p>
      </InsetText>
      <TextInput
        name="issuerUrl"
        label="Issuer URL"
        hint={props.issuerHint}
        type="url"
        spellCheck={false}
        defaultValue={values.issuerUrl}
        error={error('issuerUrl')}
      />
      <TextInput
        name="clientId"
        label={props.clientIdLabel}
        spellCheck={false}
        defaultValue={values.clientId}
        error={error('clientId')}
      />
      <TextInput
        name="clientSecret"
        label="Client secret"
        hint={
          props.secretSaved
            ? 'A secret is saved. Enter a new one to replace it.'
            : `The client secret's value from ${props.product}. It is not shown again once saved.`
        }
        type="password"
        autoComplete="off"
        spellCheck={false}
        error={error('clientSecret')}
      />
      <Checkboxes
        id="enabled"
        legend="Signing in"
        items={[{ name: 'enabled', label: `Let ${props.who} sign in with ${props.product}`, checked: values.enabled }]}
        error={error('enabled')}
      />
      <Button>Save single sign-on settings</Button>
    </form>
  );
}
