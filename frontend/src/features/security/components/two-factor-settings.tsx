import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { QueryState } from '@/components/ui/query-state';
import { ApiError, errorMessage } from '@/lib/api/errors';
import { useConfirmTwoFactor } from '../api/confirm-two-factor';
import { useDisableTwoFactor } from '../api/disable-two-factor';
import { useTwoFactor } from '../api/get-two-factor';
import { useRegenerateRecoveryCodes } from '../api/regenerate-recovery-codes';
import { useStartTwoFactorSetup } from '../api/start-two-factor-setup';
import { CodeAction } from './code-action';
import { RecoveryCodesList } from './recovery-codes';

/** A sentence for a refusal that is not about the code field itself. */
function otherFailure(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.fieldErrors.code) return null;
  return errorMessage(error);
}

/**
 * Two-factor sign-in for staff: set up an authenticator app (QR code or the secret typed in,
 * confirmed with a code), then replace the recovery codes or turn it off, each with a code.
 */
export function TwoFactorSettings() {
  const status = useTwoFactor();
  const start = useStartTwoFactorSetup();
  const confirm = useConfirmTwoFactor();
  const disable = useDisableTwoFactor();
  const regenerate = useRegenerateRecoveryCodes();
  const [shownCodes, setShownCodes] = useState<string[] | null>(null);

  const setup = start.data;
  const failure = otherFailure(start.error ?? confirm.error ?? disable.error ?? regenerate.error);

  function body() {
    if (shownCodes) {
      return <RecoveryCodesList codes={shownCodes} onDone={() => setShownCodes(null)} />;
    }
    if (status.data?.enabled) {
      return (
        <>
          <p>
            <strong>On.</strong> Signing in asks for a code from your authenticator app.{' '}
            {status.data.recovery_codes_left} recovery{' '}
            {status.data.recovery_codes_left === 1 ? 'code' : 'codes'} left.
          </p>
          {disable.isSuccess ? <Alert tone="success">Two-factor sign-in is off.</Alert> : null}
          <CodeAction
            label="Code from your app (or a recovery code)"
            busy={disable.isPending || regenerate.isPending}
            error={disable.error ?? regenerate.error}
            actions={[
              {
                label: 'New recovery codes',
                run: (code) =>
                  regenerate.mutate(code, {
                    onSuccess: (data) => setShownCodes(data.recovery_codes),
                  }),
              },
              ...(status.data.required
                ? []
                : [
                    {
                      label: 'Turn off',
                      tone: 'danger' as const,
                      run: (code: string) => disable.mutate(code),
                    },
                  ]),
            ]}
          />
        </>
      );
    }
    if (setup) {
      return (
        <>
          <ol className="two-factor-steps">
            <li>
              Scan this QR code with your authenticator app:
              <img
                className="two-factor-qr"
                src={setup.qr_code}
                alt="QR code for your authenticator app"
              />
              or type in this key: <code className="two-factor-secret">{setup.secret}</code>
            </li>
            <li>Enter the six-digit code the app shows.</li>
          </ol>
          <CodeAction
            label="Code from your app"
            busy={confirm.isPending}
            error={confirm.error}
            actions={[
              {
                label: 'Turn on',
                run: (code) =>
                  confirm.mutate(code, { onSuccess: (data) => setShownCodes(data.recovery_codes) }),
              },
            ]}
          />
        </>
      );
    }
    return (
      <>
        <p>
          {status.data?.required
            ? 'Two-factor sign-in is required for staff. Set it up to continue.'
            : 'Off. Protect your account with a code from an authenticator app when you sign in.'}
        </p>
        <button
          type="button"
          className="button"
          disabled={start.isPending}
          onClick={() => start.mutate()}
        >
          Set up two-factor sign-in
        </button>
      </>
    );
  }

  return (
    <section className="panel settings-section" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor sign-in</h2>
      <QueryState
        isPending={status.isPending}
        error={status.error}
        onRetry={() => void status.refetch()}
        loadingLabel="Loading your sign-in settings…"
      >
        {failure ? <Alert tone="error">{failure}</Alert> : null}
        {body()}
      </QueryState>
    </section>
  );
}
