import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { newIdempotencyKey } from '../api.js';
import { useLang } from '../lang.js';
import { followLink, sharePath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { useFocusAfterRender } from '../ui/focus.js';
import { ComposerForm } from './ComposerForm.js';
import {
  COMPOSER_FIELDS,
  type ComposerErrors,
  type ComposerField,
  serverErrors,
  validateComposer,
} from './composer.validate.js';
import { type ComposerValues, kindOf, termsOf } from './composer.values.js';
import { previewOf, sourceBodiesOf } from './preview.js';
import { RedactionPreview } from './RedactionPreview.js';
import { ShareProblem } from './ShareProblem.js';
import { sharingApi } from './sharing.api.js';
import { useComposerSetup } from './useComposerSetup.js';

/** Where the focus goes for a field in error (the audience's own control when it has one). */
function controlOf(field: ComposerField, values: ComposerValues): string {
  if (field === 'audience')
    return values.audience === 'orgs'
      ? 'share-orgs'
      : values.audience === 'users'
        ? 'share-users'
        : 'share-audience';
  const ids: Record<ComposerField, string> = {
    sources: 'share-sources',
    title: 'share-title',
    body: 'share-body',
    indicators: 'share-indicators',
    mitigations: 'share-mitigations',
    tlp: 'share-tlp',
    audience: 'share-audience',
    consentDueAt: 'share-due',
    terms: 'redact-terms',
  };
  return ids[field];
}

/**
 * 共有を作成 / 共有を編集: the content, the terms (TLP, audience, consent deadline) and the redactions, with a
 * live preview of exactly what will be stored. With sources, sending asks their bodies' consent.
 */
export function ShareComposer({ navigate, editId }: ScreenProps & { editId: string | null }) {
  const { t } = useLang();
  const [from] = useState(() => new URLSearchParams(window.location.search).get('from'));
  const setup = useComposerSetup(editId, editId ? null : from);
  const [values, setValues] = useState<ComposerValues | null>(null);
  const [errors, setErrors] = useState<ComposerErrors>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const key = useRef(newIdempotencyKey());
  const problemRef = useRef<HTMLDivElement>(null);
  const focusAfterRender = useFocusAfterRender();

  useEffect(() => {
    if (setup.initial) setValues(setup.initial);
  }, [setup.initial]);

  const bodies = useMemo(
    () => sourceBodiesOf(values?.sources ?? [], setup.editing?.sources ?? [], setup.orgs),
    [values?.sources, setup.editing, setup.orgs],
  );
  const preview = useMemo(() => (values ? previewOf(values, bodies) : null), [values, bodies]);

  if (setup.error) return <ShareProblem error={setup.error} navigate={navigate} />;
  if (!values || !preview) return <p className="muted">{t('common.loading')}</p>;

  const change = (next: ComposerValues, touched: ComposerField[]) => {
    setValues(next);
    setErrors((current) => {
      const left = { ...current };
      for (const field of touched) delete left[field];
      return left;
    });
  };

  function showErrors(found: ComposerErrors) {
    setErrors(found);
    const first = COMPOSER_FIELDS.find((f) => found[f]);
    if (first && values) focusAfterRender(() => document.getElementById(controlOf(first, values)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!values || busy) return;
    const found = validateComposer(values, new Date());
    if (Object.keys(found).length > 0) return showErrors(found);
    setErrors({});
    setProblem(null);
    setBusy(true);
    try {
      const share = setup.editing
        ? await sharingApi.change(setup.editing.id, termsOf(values))
        : await sharingApi.create(
            {
              ...termsOf(values),
              kind: kindOf(values),
              sourceIncidentIds: values.sources.map((s) => s.id),
              attachmentIds: values.attachmentIds,
            },
            key.current,
          );
      navigate(
        sharePath(share.id),
        share.status === 'published'
          ? 'share.flash.published'
          : share.status === 'awaiting-publication'
            ? 'share.flash.awaitingPublication'
            : 'share.flash.awaiting',
      );
    } catch (e) {
      setBusy(false);
      key.current = newIdempotencyKey();
      const byField = serverErrors(e);
      if (Object.keys(byField).length > 0) showErrors(byField);
      else {
        setProblem(e);
        focusAfterRender(() => problemRef.current);
      }
    }
  }

  const heading = setup.editing ? t('compose.editHeading') : t('compose.heading');
  return (
    <section aria-labelledby="compose-heading" className="sharing composer">
      {setup.editing && (
        <p>
          <a href={sharePath(setup.editing.id)} onClick={followLink(navigate, sharePath(setup.editing.id))}>
            ← {t('share.back')}
          </a>
        </p>
      )}
      <h1 id="compose-heading">{heading}</h1>
      <p className="muted">{t(setup.editing ? 'compose.editIntro' : 'compose.intro')}</p>
      <div className="composer-grid">
        <ComposerForm
          values={values}
          errors={errors}
          orgs={setup.orgs}
          editing={setup.editing}
          busy={busy}
          problem={problem}
          problemRef={problemRef}
          onValues={change}
          onSubmit={submit}
          navigate={navigate}
        />
        <RedactionPreview content={preview.content} counts={preview.counts} tlp={values.tlp} />
      </div>
    </section>
  );
}
