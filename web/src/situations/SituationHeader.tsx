import type { Ref } from 'react';
import { useNow } from '../incidents/ReviewClock.js';
import { useLang } from '../lang.js';
import { timeLeftText } from '../sharing/DueCountdown.js';
import { Time, TlpWithMeaning } from '../ui/Badges.js';
import { LevelBadge } from './LevelBadge.js';
import type { Situation } from './situations.api.js';

/** The roll-call deadline and the time left (a timer, not a live region: it is not read out on each change). */
function RollCallDue({ dueAt }: { dueAt: string }) {
  const { t } = useLang();
  const now = useNow(30_000);
  const left = Date.parse(dueAt) - now;
  return (
    <span className="due">
      {t('situations.due')} <Time at={dueAt} />{' '}
      <span role="timer" className={`countdown ${left <= 0 ? 'overdue' : 'soon'}`}>
        {left <= 0 ? t('situations.dueOver') : timeLeftText(left, t)}
      </span>
    </span>
  );
}

/** A situation's head: number, name, level in words, the TLP banner, the roll-call deadline or the stand-down. */
export function SituationHeader({ s, headingRef }: { s: Situation; headingRef: Ref<HTMLHeadingElement> }) {
  const { t } = useLang();
  return (
    <header className={`situation-head${s.open ? '' : ' closed'}`}>
      <p className="tlp-banner">
        <TlpWithMeaning tlp={s.tlp} />
      </p>
      <p className="situation-number">{t('situations.numberIs', { number: s.number })}</p>
      <h1 id="situation-heading" ref={headingRef} tabIndex={-1}>
        {s.name}
      </h1>
      <p className="situation-meta">
        <LevelBadge level={s.level} />
        {s.open ? (
          <RollCallDue dueAt={s.rollCallDueAt} />
        ) : (
          <span className="badge stood-down">{t('situations.stoodDown')}</span>
        )}
      </p>
      <p className="situation-meta muted">
        <span>
          {t('situations.declaredAt')} <Time at={s.declaredAt} />
        </span>
        {s.levelChangedAt && (
          <span>
            {t('situations.levelChangedAt')} <Time at={s.levelChangedAt} />
          </span>
        )}
        {s.stoodDownAt && (
          <span>
            {t('situations.stoodDownAt')} <Time at={s.stoodDownAt} />
          </span>
        )}
        <span>{t('situations.inScope', { n: s.inScopeCount })}</span>
      </p>
    </header>
  );
}
