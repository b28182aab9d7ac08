import { useRef, useState } from 'react';
import { type Say, Status } from '../admin/Status.js';
import { useLang } from '../lang.js';
import { ExerciseBanner } from '../marks/ExerciseBanner.js';
import { useLoaded } from '../queries.js';
import { followLink, incidentPath, useQueryState } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { AnswerNow } from './AnswerNow.js';
import { AnswerPanel } from './AnswerPanel.js';
import { Board } from './Board.js';
import { CoordinatorActions } from './CoordinatorActions.js';
import { refusalText } from './problemText.js';
import { ReportsSection } from './ReportsSection.js';
import { RequestsSection } from './RequestsSection.js';
import { coordinates, seesBoard } from './roles.js';
import { SituationHeader } from './SituationHeader.js';
import { situationQueries } from './situations.api.js';
import { Timeline } from './Timeline.js';

/**
 * 事態: the head, then — for a body that must answer — the roll-call answer first (so that on a phone it is at
 * the top), the description and prompting incidents, the board (center and ministries), the timeline, and the
 * coordinator's actions. Live events keep each part current (liveQueries.ts).
 */
export function SituationPage({ id, me, navigate }: ScreenProps & { id: string }) {
  const { t } = useLang();
  const found = useLoaded(situationQueries.one(id));
  const [params, setParams] = useQueryState();
  const [said, setSaid] = useState<Say | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const s = found.data;
  const back = (
    <a href="/situations" onClick={followLink(navigate, '/situations')}>
      {t('situations.back')}
    </a>
  );

  if (found.error && !s)
    return (
      <section className="situations" aria-labelledby="situation-heading">
        <h1 id="situation-heading">{t('situations.one')}</h1>
        <p className="error" role="alert">
          {refusalText(t, found.error)}
        </p>
        <p>{back}</p>
      </section>
    );
  if (!s) return <p className="muted">{t('common.loading')}</p>;

  const filed = params.get('incident');
  const answers = s.open && s.mayAnswerFor.length > 0;
  return (
    <section className="situations situation" aria-labelledby="situation-heading">
      <p className="breadcrumb">{back}</p>
      <ExerciseBanner exercise={s.exercise} />
      <SituationHeader s={s} headingRef={heading} />
      <Status say={said} />
      {coordinates(me) && (
        <CoordinatorActions
          s={s}
          onDone={(done) => {
            const say: Say = (tr) =>
              tr(done === 'level' ? 'situations.levelChanged' : 'situations.stoodDownDone');
            setSaid(() => say);
            heading.current?.focus();
          }}
        />
      )}
      {answers ? (
        <AnswerPanel
          s={s}
          me={me}
          navigate={navigate}
          filedIncident={filed}
          onAnswered={() => {
            if (!filed) return;
            const next = new URLSearchParams(params);
            next.delete('incident');
            setParams(next);
          }}
        />
      ) : (
        s.myBody.inScope && (
          <section className="card" aria-labelledby="mine-heading">
            <h2 id="mine-heading">{t('situations.mineHeading')}</h2>
            <AnswerNow answer={s.myBody.answer} />
          </section>
        )
      )}
      <RequestsSection s={s} me={me} />
      {s.description && <p className="situation-description">{s.description}</p>}
      {s.incidents.length > 0 && (
        <section aria-labelledby="prompting-heading">
          <h2 id="prompting-heading">{t('situations.incidents')}</h2>
          <ul>
            {s.incidents.map((i) => (
              <li key={i.id}>
                <a href={incidentPath(i.id)} onClick={followLink(navigate, incidentPath(i.id))}>
                  {`${i.number} ${i.title}`}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {seesBoard(me) && <Board situationId={s.id} />}
      <ReportsSection situationId={s.id} coordinates={coordinates(me)} />
      <Timeline situationId={s.id} writes={coordinates(me) && s.open} />
    </section>
  );
}
