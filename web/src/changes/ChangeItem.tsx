import { isSelf, roleName } from '../admin/roles.js';
import type { Me } from '../api.js';
import { formatDateTime, orgName } from '../format.js';
import { isMessageKey, type MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { ChangeDiff, SummaryRows } from './ChangeSummary.js';
import type { Change } from './changes.api.js';

export const kindKey = (kind: string): MessageKey => {
  const key = `changes.kind.${kind}`;
  return isMessageKey(key) ? key : 'changes.kind.other';
};

const statusKey = (status: string): MessageKey => {
  const key = `changes.status.${status}`;
  return isMessageKey(key) ? key : 'changes.status.pending';
};

/**
 * One change: what it is, for which body, who asked (or made) it and when, where it stands, and — when the
 * caller may — the buttons that confirm or reject it.
 */
export function ChangeItem({
  change,
  me,
  busy,
  onConfirm,
  onReject,
}: {
  change: Change;
  me: Me;
  busy: boolean;
  onConfirm: () => void;
  onReject: () => void;
}) {
  const { t, lang } = useLang();
  const kind = t(kindKey(change.kind));
  const headingId = `change-${change.id}`;
  const open = change.status === 'pending';
  const applied = change.status === 'applied';
  const by = change.requestedBy;
  const mine = isSelf(me, by);
  return (
    <li className={`card change${open ? ' waiting' : ''}`} aria-labelledby={headingId}>
      <div className="change-head">
        <h2 id={headingId}>{kind}</h2>
        <span className={`badge change-${change.status}`}>{t(statusKey(change.status))}</span>
      </div>
      <dl className="change-facts">
        <div>
          <dt>{t('changes.org')}</dt>
          <dd>{orgName(change.org, lang)}</dd>
        </div>
        <div>
          <dt>{t(applied ? 'changes.madeBy' : 'changes.requestedBy')}</dt>
          <dd>
            {by.displayName && by.displayName !== by.email ? `${by.displayName}（${by.email}）` : by.email}
            {by.role ? ` · ${roleName(t, by.role)}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('changes.requestedAt')}</dt>
          <dd>
            <time dateTime={change.requestedAt}>{formatDateTime(change.requestedAt, lang)}</time>
          </dd>
        </div>
        {open && change.expiresAt && (
          <div>
            <dt>{t('changes.expiresAt')}</dt>
            <dd>
              <time dateTime={change.expiresAt}>{formatDateTime(change.expiresAt, lang)}</time>
            </dd>
          </div>
        )}
        {open && change.confirmBy && (
          <div>
            <dt>{t('changes.confirmBy')}</dt>
            <dd>
              {t(
                change.confirmBy === 'second-admin'
                  ? 'changes.confirmBy.second-admin'
                  : 'changes.confirmBy.body',
              )}
            </dd>
          </div>
        )}
        {!open && !applied && change.decidedAt && (
          <div>
            <dt>{t('changes.decidedBy')}</dt>
            <dd>
              {change.decidedBy ?? t('changes.none')}（
              <time dateTime={change.decidedAt}>{formatDateTime(change.decidedAt, lang)}</time>）
            </dd>
          </div>
        )}
        {change.reason && (
          <div>
            <dt>{t('changes.reason')}</dt>
            <dd className="text">{change.reason}</dd>
          </div>
        )}
        <SummaryRows change={change} />
      </dl>
      <ChangeDiff change={change} />
      {open && (change.mayConfirm || change.mayReject) && (
        <div className="row-actions">
          {change.mayConfirm && (
            <button
              type="button"
              className="primary"
              disabled={busy}
              aria-describedby={headingId}
              onClick={onConfirm}
            >
              {t('changes.confirm')}
            </button>
          )}
          {change.mayReject && (
            <button
              type="button"
              className="danger-outline"
              disabled={busy}
              aria-describedby={headingId}
              onClick={onReject}
            >
              {t(mine ? 'changes.withdraw' : 'changes.reject')}
            </button>
          )}
        </div>
      )}
      {open && !change.mayConfirm && !mine && me.role === 'security-officer' && (
        <p className="muted">{t('changes.notYours')}</p>
      )}
    </li>
  );
}
