import { WarningText } from './WarningText';

/**
 * The ten recovery codes, shown once after two-factor sign-in is set up: only their hashes are
 * kept, so the person is asked to keep them somewhere safe now.
 */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <>
      <h2 className="govuk-heading-m">Your recovery codes</h2>
      <p className="govuk-body">
        If you lose your phone or cannot use your authenticator app, sign in with one of these codes instead. Each code
        works once.
      </p>
      <WarningText>
        Copy or print these codes now and keep them somewhere safe. You will not be shown them again.
      </WarningText>
      <ul className="govuk-list govuk-!-font-size-24" id="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
