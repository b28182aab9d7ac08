import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import type { ScreenProps } from '../screen.js';
import { adminApi, adminQueries, type NewToken, type Token } from './admin.api.js';
import { ConfirmDialog } from './Dialog.js';
import { Field } from './Field.js';
import { type FieldErrors, problemText, splitProblem } from './problems.js';
import { SsoLinks } from './SsoLinks.js';
import { type Say, Status } from './Status.js';
import { TokenSecret } from './TokenSecret.js';
import { TokenTable } from './TokenTable.js';
import './admin.css';
import { useFocusAfterRender } from '../ui/focus.js';

/** APIトークン: the caller's own tokens, issuing one (its secret shown once) and revoking. */
export function TokensAdmin(_props: ScreenProps) {
  const { t } = useLang();
  const client = useQueryClient();
  const tokens = useLoaded(adminQueries.tokens());
  const reloadTokens = () => void client.invalidateQueries({ queryKey: adminQueries.tokens().queryKey });
  // The secret lives in this state only, until the user closes it: never stored, never shown again.
  const [created, setCreated] = useState<NewToken | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Say | null>(null);
  const announce = (said: Say) => setStatus(() => said);
  const heading = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useFocusAfterRender();

  async function revoke(token: Token) {
    setBusy(true);
    setRevokeError(null);
    try {
      await adminApi.revokeToken(token.id);
      setRevoking(null);
      announce((t) => t('tokens.revoked', { name: token.name }));
      reloadTokens();
      // The row's button is gone: start again from the list.
      focusAfterRender(() => heading.current);
    } catch (e) {
      setRevokeError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="tokens-heading" className="admin">
      <h1 id="tokens-heading">{t('tokens.heading')}</h1>
      <p className="muted">{t('tokens.intro')}</p>
      <Status say={status} />
      {created && (
        <TokenSecret
          token={created}
          onClose={() => {
            setCreated(null);
            focusAfterRender(() => heading.current);
          }}
        />
      )}
      <TokenForm
        onCreated={(token) => {
          setStatus(null);
          setCreated(token);
          reloadTokens();
        }}
      />
      <section aria-labelledby="token-list-heading">
        <h2 id="token-list-heading" ref={heading} tabIndex={-1}>
          {t('tokens.list')}
        </h2>
        {tokens.error ? (
          <p className="error" role="alert">
            {problemText(t, tokens.error)}
          </p>
        ) : !tokens.data ? (
          <p className="muted">{t('common.loading')}</p>
        ) : tokens.data.items.length === 0 ? (
          <p className="muted">{t('tokens.empty')}</p>
        ) : (
          <TokenTable tokens={tokens.data.items} onRevoke={(token) => setRevoking(token)} />
        )}
      </section>
      <SsoLinks />
      {revoking && (
        <ConfirmDialog
          title={t('tokens.revokeTitle')}
          question={t('tokens.revokeQuestion', { name: revoking.name })}
          confirmLabel={t('tokens.revoke')}
          cancelLabel={t('admin.form.cancel')}
          busy={busy}
          error={revokeError ? problemText(t, revokeError) : null}
          onConfirm={() => revoke(revoking)}
          onCancel={() => {
            setRevoking(null);
            setRevokeError(null);
          }}
        />
      )}
    </section>
  );
}

function TokenForm({ onCreated }: { onCreated: (token: NewToken) => void }) {
  const { t } = useLang();
  const [name, setName] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<'name'>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!name.trim()) {
      setErrors({ name: 'admin.form.required' });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      onCreated(await adminApi.createToken(name.trim(), readOnly));
      setName('');
      setReadOnly(false);
    } catch (e) {
      const { byField, rest } = splitProblem(e, ['name'] as const);
      setErrors(byField);
      setProblem(rest);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="token-form-heading">
      <h2 id="token-form-heading">{t('tokens.create')}</h2>
      <form className="card form" onSubmit={submit} noValidate>
        <Field
          id="token-name"
          label={t('tokens.field.name')}
          hint={t('tokens.field.nameHint')}
          error={errors.name}
        >
          {(w) => (
            <input
              {...w}
              required
              maxLength={100}
              autoComplete="off"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <div className="checkbox-row">
          <input
            id="token-read-only"
            type="checkbox"
            checked={readOnly}
            aria-describedby="token-read-only-hint"
            onChange={(e) => setReadOnly(e.target.checked)}
          />
          <label htmlFor="token-read-only">{t('tokens.field.readOnly')}</label>
        </div>
        <p id="token-read-only-hint" className="hint muted">
          {t('tokens.field.readOnlyHint')}
        </p>
        {problem ? (
          <p className="error" role="alert">
            {problemText(t, problem)}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('tokens.submit')}
        </button>
      </form>
    </section>
  );
}
