import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Me } from '../api.js';
import { formatDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { type NoticeContent, type NoticeVersion, noticeQueries, noticesApi } from './notices.api.js';

const FIELDS = ['title', 'body', 'happened', 'impact', 'response', 'contact'] as const;
type Text = NoticeContent['ja'];

/**
 * One notice: its versions (第1報, 第2報…, corrections), the open version's text in Japanese and English for the
 * body to edit, and the steps the body's approver takes (approve, publish, withdraw); the ministry and the center
 * comment before publication.
 */
export function NoticeEditor({
  incidentId,
  noticeId,
  me,
  own,
  act,
  busy,
}: {
  incidentId: string;
  noticeId: string;
  me: Me;
  own: boolean;
  act: (fn: () => Promise<unknown>) => Promise<void>;
  busy: boolean;
}) {
  const { t, lang } = useLang();
  const query = useQuery(noticeQueries.notice(incidentId, noticeId));
  const notice = query.data;
  const open = notice?.versions.find((v) => v.status === 'draft' || v.status === 'approved');
  if (!notice) return null;
  const officer = own && me.role === 'security-officer';
  const drafter = own && (me.role === 'reporter' || me.role === 'security-officer');
  const label = (v: NoticeVersion) =>
    v.kind === 'correction' ? t('notices.correction', { seq: v.seq }) : t('notices.version', { seq: v.seq });
  const headingId = `notice-${notice.id}`;
  return (
    <article className="notice-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t(`notices.kind.${notice.kind}`)}：{notice.title}{' '}
        <span className="badge">{t(`notices.status.${notice.status}`)}</span>
      </h3>
      <ol className="plain-list">
        {notice.versions.map((v) => (
          <li key={v.seq}>
            {label(v)} · {t(`notices.vstatus.${v.status}`)}
            {v.publishedAt && ` · ${formatDateTime(v.publishedAt, lang)}`}
          </li>
        ))}
      </ol>
      {notice.status !== 'draft' && (
        <p>
          <a href={`/public/notices/${encodeURIComponent(notice.id)}`}>{t('notices.publicLink')}</a>
        </p>
      )}
      {open && notice.status !== 'withdrawn' && (
        <VersionForm
          key={`${open.seq}-${open.revision}`}
          noticeId={notice.id}
          version={open}
          label={label(open)}
          editable={drafter}
          officer={officer}
          act={act}
          busy={busy}
        />
      )}
      {drafter && !open && notice.status === 'published' && (
        <p className="actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => noticesApi.newVersion(notice.id, 'report'))}
          >
            {t('notices.next')}
          </button>{' '}
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => noticesApi.newVersion(notice.id, 'correction'))}
          >
            {t('notices.correct')}
          </button>
        </p>
      )}
      {officer && notice.status === 'published' && (
        <p>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void act(() => noticesApi.withdraw(notice.id))}
          >
            {t('notices.withdraw')}
          </button>
        </p>
      )}
      {notice.comments.length > 0 && (
        <section aria-labelledby={`${headingId}-comments`}>
          <h4 id={`${headingId}-comments`}>{t('notices.comments')}</h4>
          <ul className="plain-list">
            {notice.comments.map((c) => (
              <li key={c.id} className="text">
                {t('notices.version', { seq: c.seq })} · {formatDateTime(c.createdAt, lang)}：{c.body}
              </li>
            ))}
          </ul>
        </section>
      )}
      {open && notice.status !== 'withdrawn' && (
        <CommentForm noticeId={notice.id} seq={open.seq} act={act} busy={busy} />
      )}
    </article>
  );
}

function VersionForm({
  noticeId,
  version,
  label,
  editable,
  officer,
  act,
  busy,
}: {
  noticeId: string;
  version: NoticeVersion;
  label: string;
  editable: boolean;
  officer: boolean;
  act: (fn: () => Promise<unknown>) => Promise<void>;
  busy: boolean;
}) {
  const { t } = useLang();
  const [ja, setJa] = useState<Text>(version.content.ja);
  const [en, setEn] = useState<Text>(version.content.en ?? { ...version.content.ja, title: '' });
  const id = (lang: string, f: string) => `notice-${noticeId}-${version.seq}-${lang}-${f}`;
  const fields = (lang: 'ja' | 'en', text: Text, set: (t: Text) => void) => (
    <fieldset lang={lang}>
      <legend>{t(lang === 'ja' ? 'notices.ja' : 'notices.en')}</legend>
      {FIELDS.map((f) => (
        <div className="field" key={f}>
          <label htmlFor={id(lang, f)}>{t(`notices.field.${f}`)}</label>
          {f === 'title' ? (
            <input
              id={id(lang, f)}
              value={text[f]}
              readOnly={!editable}
              onChange={(e) => set({ ...text, [f]: e.target.value })}
            />
          ) : (
            <textarea
              id={id(lang, f)}
              value={text[f]}
              readOnly={!editable}
              rows={3}
              onChange={(e) => set({ ...text, [f]: e.target.value })}
            />
          )}
        </div>
      ))}
    </fieldset>
  );
  const withEnglish = FIELDS.every((f) => en[f].trim() !== '');
  return (
    <form
      className="notice-version"
      onSubmit={(e) => {
        e.preventDefault();
        void act(() =>
          noticesApi.edit(noticeId, version.seq, version.revision, withEnglish ? { ja, en } : { ja }),
        );
      }}
    >
      <h4>
        {label} · {t(`notices.vstatus.${version.status}`)}
      </h4>
      <div className="languages">
        {fields('ja', ja, setJa)}
        {fields('en', en, setEn)}
      </div>
      <p className="actions">
        {editable && (
          <button type="submit" disabled={busy}>
            {t('notices.save')}
          </button>
        )}{' '}
        {officer && version.status === 'draft' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => noticesApi.approve(noticeId, version.seq, version.revision))}
          >
            {t('notices.approve')}
          </button>
        )}{' '}
        {officer && version.status === 'approved' && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void act(() => noticesApi.publish(noticeId, version.seq, version.revision))}
          >
            {t('notices.publish')}
          </button>
        )}
      </p>
    </form>
  );
}

function CommentForm({
  noticeId,
  seq,
  act,
  busy,
}: {
  noticeId: string;
  seq: number;
  act: (fn: () => Promise<unknown>) => Promise<void>;
  busy: boolean;
}) {
  const { t } = useLang();
  const [body, setBody] = useState('');
  const fieldId = `notice-${noticeId}-comment`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void act(async () => {
          await noticesApi.comment(noticeId, seq, body);
          setBody('');
        });
      }}
    >
      <label htmlFor={fieldId}>{t('notices.commentLabel')}</label>
      <textarea id={fieldId} value={body} rows={2} required onChange={(e) => setBody(e.target.value)} />
      <p>
        <button type="submit" disabled={busy}>
          {t('notices.comment')}
        </button>
      </p>
    </form>
  );
}
