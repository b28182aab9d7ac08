import { type FormEvent, useState } from 'react';
import { useLang } from '../lang.js';
import { refusalText } from './problemText.js';
import { COUNTS_KINDS, type Report, type ReportCounts, reportsApi } from './reports.api.js';

const TITLE_MAX = 200;
const BODY_MAX = 20_000;

/** Drafting a report (title, text, the counts to include) with a preview; or correcting an issued one. */
export function ReportForm({
  situationId,
  correcting,
  onDone,
}: {
  situationId: string;
  correcting?: Report;
  onDone: () => unknown;
}) {
  const { t } = useLang();
  const prefix = correcting ? `correct-${correcting.id}` : 'report-new';
  const [title, setTitle] = useState(correcting?.title ?? '');
  const [body, setBody] = useState(correcting?.body ?? '');
  const [counts, setCounts] = useState<ReportCounts>('none');
  const [changeNote, setChangeNote] = useState('');
  const [preview, setPreview] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim() || !body.trim() || (correcting && !changeNote.trim())) return setProblem('empty');
    setBusy(true);
    setProblem(null);
    try {
      if (correcting)
        await reportsApi.correct(situationId, correcting, {
          title: title.trim(),
          body: body.trim(),
          changeNote: changeNote.trim(),
        });
      else await reportsApi.draft(situationId, { title: title.trim(), body: body.trim(), counts });
      setTitle('');
      setBody('');
      setChangeNote('');
      setPreview(false);
      await onDone();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="report-form card" onSubmit={submit} noValidate aria-labelledby={`${prefix}-heading`}>
      <h3 id={`${prefix}-heading`}>
        {correcting ? t('situations.reports.correct') : t('situations.reports.new')}
      </h3>
      <div className="field">
        <label htmlFor={`${prefix}-title`}>{t('situations.reports.title')}</label>
        <input
          id={`${prefix}-title`}
          maxLength={TITLE_MAX}
          value={title}
          aria-invalid={problem === 'empty' && !title.trim() ? true : undefined}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-body`}>{t('situations.reports.body')}</label>
        <textarea
          id={`${prefix}-body`}
          rows={6}
          maxLength={BODY_MAX}
          value={body}
          aria-invalid={problem === 'empty' && !body.trim() ? true : undefined}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      {correcting ? (
        <div className="field">
          <label htmlFor={`${prefix}-note`}>{t('situations.reports.changeNoteLabel')}</label>
          <input
            id={`${prefix}-note`}
            maxLength={1000}
            value={changeNote}
            onChange={(e) => setChangeNote(e.target.value)}
          />
        </div>
      ) : (
        <fieldset className="segmented">
          <legend>{t('situations.reports.counts')}</legend>
          {COUNTS_KINDS.map((k) => (
            <span key={k} className="check">
              <input
                type="radio"
                id={`${prefix}-counts-${k}`}
                name={`${prefix}-counts`}
                checked={counts === k}
                onChange={() => setCounts(k)}
              />
              <label htmlFor={`${prefix}-counts-${k}`}>{t(`situations.reports.counts.${k}`)}</label>
            </span>
          ))}
          <p className="hint">{t('situations.reports.countsNote')}</p>
        </fieldset>
      )}
      {preview && (
        <section className="report-preview" aria-label={t('situations.reports.preview')}>
          <h4>{title}</h4>
          <div className="report-body">{body}</div>
        </section>
      )}
      {problem ? (
        <p className="error" role="alert">
          {problem === 'empty' ? t('situations.problem.text.empty') : refusalText(t, problem)}
        </p>
      ) : null}
      <button type="button" className="secondary" onClick={() => setPreview(!preview)}>
        {t('situations.reports.preview')}
      </button>{' '}
      <button type="submit" disabled={busy}>
        {correcting ? t('situations.reports.correctSubmit') : t('situations.reports.save')}
      </button>
    </form>
  );
}
