import { useRef, useState } from 'react';
import { ConfirmDialog } from '../admin/Dialog.js';
import { isSelf } from '../admin/roles.js';
import { type Say, Status } from '../admin/Status.js';
import { ApiError } from '../api.js';
import { orgName } from '../format.js';
import { isMessageKey, type Translate } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { useQueryState } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { SecretOnce } from '../ui/SecretOnce.js';
import { ChangeItem, kindKey } from './ChangeItem.js';
import { type Change, type ChangeFilter, changeQueries, changesApi } from './changes.api.js';
import { RejectDialog } from './RejectDialog.js';
import '../admin/admin.css';
import './changes.css';

/** A refusal of the changes API as a sentence: its own words when there are, else the code. */
export function changeRefusal(t: Translate, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'network';
  const key = `changes.problem.${code}`;
  return isMessageKey(key) ? t(key) : t('common.error', { code });
}

type Asking = { kind: 'confirm' | 'reject'; change: Change };
type Secret = { value: string; what: 'password' | 'key' };

/**
 * 確認待ちの変更: what someone outside the body asked to change of its people, contacts and notification
 * rules, for its security officers to confirm or reject; what the body changed itself, as a record. An
 * administrator follows its requests here. The list lives in the address (?status=all), and updates live.
 */
export function ChangesScreen({ me }: ScreenProps) {
  const { t, lang } = useLang();
  const [params, setParams] = useQueryState();
  const filter: ChangeFilter = params.get('status') === 'all' ? 'all' : 'pending';
  const list = useLoaded(changeQueries.list(filter));
  const [asking, setAsking] = useState<Asking | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [status, setStatus] = useState<Say | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const items = list.data?.items ?? [];

  const setFilter = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === 'all') next.set('status', 'all');
    else next.delete('status');
    setParams(next);
  };

  async function answer(reason = '') {
    if (!asking) return;
    const { change } = asking;
    const kind = t(kindKey(change.kind));
    setBusy(true);
    setProblem(null);
    try {
      if (asking.kind === 'confirm') {
        const done = await changesApi.confirm(change.id);
        if (done.secret)
          setSecret({ value: done.secret, what: change.kind === 'user.create' ? 'password' : 'key' });
        setStatus(() => (tr: Translate) => tr('changes.confirmedDone', { kind }));
      } else {
        await changesApi.reject(change.id, reason);
        setStatus(() => (tr: Translate) => tr('changes.rejectedDone', { kind }));
      }
      setAsking(null);
      list.reload();
      // The buttons of the change are gone: the keyboard starts again at the screen's heading (a secret, when
      // one is shown, takes it itself).
      focusAfterRender(() => heading.current);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  const texts = (what: Secret['what']) => ({
    heading: t(`changes.secret.${what}.heading`),
    warning: t(`changes.secret.${what}.warning`),
    label: t(`changes.secret.${what}.label`),
    copy: t('changes.secret.copy'),
    copied: t('changes.secret.copied'),
    copyFailed: t('changes.secret.copyFailed'),
    done: t('changes.secret.done'),
  });

  return (
    <section aria-labelledby="changes-heading" className="admin changes">
      <h1 id="changes-heading" ref={heading} tabIndex={-1}>
        {t('changes.heading')}
      </h1>
      <p className="muted">
        {me.role === 'admin'
          ? t('changes.introAdmin')
          : t('changes.introOfficer', { org: orgName(me.org, lang) })}
      </p>
      <Status say={status} />
      {secret && (
        <SecretOnce
          id="change-secret"
          secret={secret.value}
          texts={texts(secret.what)}
          onClose={() => {
            setSecret(null);
            focusAfterRender(() => heading.current);
          }}
        />
      )}
      <search className="search filters">
        <div className="filter">
          <label htmlFor="changes-filter">{t('changes.filter.label')}</label>
          <select id="changes-filter" value={filter} onChange={(e) => setFilter(e.target.value)}>
            <option value="pending">{t('changes.filter.pending')}</option>
            <option value="all">{t('changes.filter.all')}</option>
          </select>
        </div>
      </search>
      {list.error ? (
        <p className="error" role="alert">
          {changeRefusal(t, list.error)}
        </p>
      ) : !list.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p aria-live="polite">{t(filter === 'pending' ? 'changes.empty' : 'changes.emptyAll')}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('changes.count', { n: items.length })}
          </p>
          <ol className="change-list" aria-label={t('changes.listLabel')}>
            {items.map((c) => (
              <ChangeItem
                key={c.id}
                change={c}
                me={me}
                busy={busy}
                onConfirm={() => {
                  setProblem(null);
                  setAsking({ kind: 'confirm', change: c });
                }}
                onReject={() => {
                  setProblem(null);
                  setAsking({ kind: 'reject', change: c });
                }}
              />
            ))}
          </ol>
        </>
      )}
      {asking?.kind === 'confirm' && (
        <ConfirmDialog
          title={t('changes.confirmTitle')}
          question={t('changes.confirmQuestion', {
            kind: t(kindKey(asking.change.kind)),
            org: orgName(asking.change.org, lang),
          })}
          confirmLabel={t('changes.confirm')}
          cancelLabel={t('changes.cancel')}
          busy={busy}
          error={problem ? changeRefusal(t, problem) : null}
          onConfirm={() => answer()}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking?.kind === 'reject' && (
        <RejectDialog
          title={t(isSelf(me, asking.change.requestedBy) ? 'changes.withdrawTitle' : 'changes.rejectTitle')}
          submitLabel={t(isSelf(me, asking.change.requestedBy) ? 'changes.withdraw' : 'changes.reject')}
          busy={busy}
          error={problem ? changeRefusal(t, problem) : null}
          onReject={(reason) => answer(reason)}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}
