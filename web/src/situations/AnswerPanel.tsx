import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type Say, Status } from '../admin/Status.js';
import { useLang } from '../lang.js';
import type { ScreenProps } from '../screen.js';
import { AnswerChoice } from './AnswerChoice.js';
import { AnswerIncident } from './AnswerIncident.js';
import { AnswerNow } from './AnswerNow.js';
import { refusalText } from './problemText.js';
import { type AnswerStatus, type Situation, situationQueries, situationsApi } from './situations.api.js';

const NOTE_MAX = 1000;

/**
 * 被害状況の確認: the roll-call answer of a body that must answer, first on the page (on a phone too): pick the
 * body (a ministry may answer for one of its agencies — 代理回答), one of three answers, a note, and for 被害あり
 * the incident. Answering again makes a new revision; every revision is kept.
 */
export function AnswerPanel({
  s,
  me,
  navigate,
  filedIncident,
  onAnswered,
}: Pick<ScreenProps, 'me' | 'navigate'> & {
  s: Situation;
  /** An incident just filed from here through the quick report, to answer with. */
  filedIncident: string | null;
  onAnswered: () => void;
}) {
  const { t } = useLang();
  const client = useQueryClient();
  const own = s.myBody.orgId;
  const bodies = s.mayAnswerFor;
  const [orgId, setOrgId] = useState(
    () => bodies.find((b) => b.orgId === own)?.orgId ?? bodies[0]?.orgId ?? '',
  );
  const [status, setStatus] = useState<AnswerStatus | null>(filedIncident ? 'affected' : null);
  const [note, setNote] = useState('');
  const [incidentId, setIncidentId] = useState(filedIncident ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [said, setSaid] = useState<Say | null>(null);
  const history = useQuery({ ...situationQueries.answers(s.id, orgId), enabled: orgId !== '' });
  if (bodies.length === 0 || !s.open) return null;

  const chosen = bodies.find((b) => b.orgId === orgId);
  const onBehalf = orgId !== own;
  const slug = onBehalf ? (chosen?.orgSlug ?? null) : me.org.slug;
  const current = history.data?.items.reduce<(typeof history.data.items)[number] | null>(
    (latest, a) => (latest && latest.revision > a.revision ? latest : a),
    null,
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!status) {
      setProblem('choose');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const answer = await situationsApi.answer(s.id, {
        ...(onBehalf ? { orgId } : {}),
        status,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(status === 'affected' && incidentId ? { incidentId } : {}),
      });
      setSaid(
        () => (tr: Parameters<Say>[0]) =>
          tr('situations.answered', { org: answer.orgName, revision: answer.revision }),
      );
      setNote('');
      await client.invalidateQueries({ queryKey: ['situations'] });
      onAnswered();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="answer-panel card" aria-labelledby="answer-heading">
      <h2 id="answer-heading">{t('situations.answerHeading')}</h2>
      <Status say={said} />
      <form onSubmit={submit} noValidate>
        {bodies.length > 1 && (
          <div className="field">
            <label htmlFor="answer-org">{t('situations.answerFor')}</label>
            <select id="answer-org" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
              {bodies.map((b) => (
                <option key={b.orgId} value={b.orgId}>
                  {b.orgId === own ? b.name : t('situations.onBehalfOf', { name: b.name })}
                </option>
              ))}
            </select>
          </div>
        )}
        {onBehalf && (
          <p className="notice on-behalf">{t('situations.onBehalfNotice', { name: chosen?.name ?? '' })}</p>
        )}
        <AnswerNow answer={current ?? null} />
        <AnswerChoice value={status} onChange={setStatus} />
        {status === 'affected' && (
          <AnswerIncident
            orgSlug={slug}
            own={!onBehalf}
            situationId={s.id}
            exerciseId={s.exercise?.id ?? null}
            value={incidentId}
            onChange={setIncidentId}
            navigate={navigate}
          />
        )}
        <div className="field">
          <label htmlFor="answer-note">{t('situations.answerNote')}</label>
          <textarea
            id="answer-note"
            rows={2}
            maxLength={NOTE_MAX}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        {problem ? (
          <p className="error" role="alert">
            {problem === 'choose' ? t('situations.answer.choose') : refusalText(t, problem)}
          </p>
        ) : null}
        <button type="submit" className="primary answer-send" disabled={busy}>
          {t(current ? 'situations.answerRevise' : 'situations.answerSend')}
        </button>
      </form>
    </section>
  );
}
