import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDate, formatDateTime, orgName } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import type { ScreenProps } from '../screen.js';
import { type Clause, policiesApi, policyQueries, problemOf } from './policies.api.js';
import { ReviseClause } from './ReviseClause.js';

const STATUS: Record<Clause['status'], MessageKey> = {
  recorded: 'policies.status.recorded',
  confirmed: 'policies.status.confirmed',
  superseded: 'policies.status.superseded',
};

/** A body's register: its records, newest first; its security officer records, attaches and confirms. */
export function RegisterPage({ slug }: ScreenProps & { slug: string }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const { data, error } = useLoaded(policyQueries.register(slug));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<MessageKey | null>(null);
  const done = async (action: Promise<unknown>) => {
    setProblem(null);
    setSaved(null);
    try {
      await action;
      setSaved('policies.saved');
      await client.invalidateQueries({ queryKey: ['policies'] });
    } catch (e) {
      setProblem(problemOf(e));
    }
  };
  const record = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '');
    void done(
      policiesApi.record(slug, {
        documentName: text('documentName'),
        documentVersion: text('documentVersion'),
        inForceOn: text('inForceOn'),
        clauseText: text('clauseText'),
      }),
    );
  };
  const upload = (c: Clause) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('excerpt');
    if (file instanceof File && file.size > 0) void done(policiesApi.uploadExcerpt(c, file));
  };
  if (error) return <p className="error">{t('policies.error', { detail: problemOf(error) })}</p>;
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  return (
    <section aria-labelledby="register-heading" className="admin policies">
      <h1 id="register-heading">{t('policies.register.heading', { body: orgName(data.org, lang) })}</h1>
      <p className="muted">{t('policies.register.intro')}</p>
      <p role="status">{saved ? t(saved) : ''}</p>
      {problem && (
        <p className="error" role="alert">
          {t('policies.error', { detail: problem })}
        </p>
      )}
      {data.items.length === 0 && <p>{t('policies.register.empty')}</p>}
      <ol className="clause-list">
        {data.items.map((c) => (
          <li key={c.id} className={`clause ${c.status}`}>
            <h2>
              {c.documentName} {c.documentVersion} — {t(STATUS[c.status])}
            </h2>
            <p>
              {t('policies.field.inForceOn')}: {formatDate(`${c.inForceOn}T00:00:00Z`, lang)}
            </p>
            <blockquote>{c.clauseText}</blockquote>
            {c.confirmedAt && <p>{t('policies.confirmedBy', { at: formatDateTime(c.confirmedAt, lang) })}</p>}
            {c.excerpt && (
              <p>
                <a href={c.excerpt.href} download={c.excerpt.name}>
                  {t('policies.download', { size: c.excerpt.size, sha: c.excerpt.sha256.slice(0, 16) })}
                </a>
              </p>
            )}
            {data.mayRecord && c.status === 'recorded' && (
              <div className="clause-actions">
                <form onSubmit={upload(c)}>
                  <label htmlFor={`excerpt-${c.id}`}>{t('policies.field.excerpt')}</label>
                  <input id={`excerpt-${c.id}`} name="excerpt" type="file" accept="application/pdf" />
                  <button type="submit">{t('policies.upload')}</button>
                </form>
                <button type="button" onClick={() => void done(policiesApi.confirm(c))}>
                  {t('policies.confirm')}
                </button>
              </div>
            )}
            {data.mayRecord && c.status !== 'superseded' && (
              <ReviseClause
                clause={c}
                onRevised={async () => {
                  setProblem(null);
                  setSaved('policies.revise.done');
                  await client.invalidateQueries({ queryKey: ['policies'] });
                }}
              />
            )}
          </li>
        ))}
      </ol>
      {data.mayRecord && (
        <form className="clause-form" onSubmit={record} aria-labelledby="clause-new-heading">
          <h2 id="clause-new-heading">{t('policies.register.new')}</h2>
          <label htmlFor="clause-document">{t('policies.field.documentName')}</label>
          <input id="clause-document" name="documentName" required maxLength={200} />
          <label htmlFor="clause-version">{t('policies.field.documentVersion')}</label>
          <input id="clause-version" name="documentVersion" required maxLength={50} />
          <label htmlFor="clause-in-force">{t('policies.field.inForceOn')}</label>
          <input id="clause-in-force" name="inForceOn" type="date" required />
          <label htmlFor="clause-text">{t('policies.field.clauseText')}</label>
          <textarea id="clause-text" name="clauseText" required maxLength={4000} rows={4} />
          <button type="submit">{t('policies.record')}</button>
        </form>
      )}
    </section>
  );
}
