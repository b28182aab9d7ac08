import type { FormEvent, RefObject } from 'react';
import { useCallback, useState } from 'react';
import type { Org } from '../admin/admin.api.js';
import { useLang } from '../lang.js';
import { AttachmentChoice } from './AttachmentChoice.js';
import { errorText } from './ComposerField.js';
import { ContentFields } from './ContentFields.js';
import type { ComposerErrors, ComposerField } from './composer.validate.js';
import type { ComposerValues } from './composer.values.js';
import { RedactionFields } from './RedactionFields.js';
import { SharingRefusal } from './SharingRefusal.js';
import { SourcePicker } from './SourcePicker.js';
import type { Share } from './sharing.api.js';
import { TermsFields } from './TermsFields.js';

/** A share of the center's own under TLP:GREEN or CLEAR goes out once a second coordinator publishes it. */
export const needsSecondPublisher = (hasSources: boolean, tlp: string) =>
  !hasSources && (tlp === 'TLP:GREEN' || tlp === 'TLP:CLEAR');

/** The composer's fields in the order of the work: sources, content, terms, redactions, then send. */
export function ComposerForm({
  values,
  errors,
  orgs,
  editing,
  busy,
  problem,
  problemRef,
  onValues,
  onSubmit,
  navigate,
}: {
  values: ComposerValues;
  errors: ComposerErrors;
  orgs: readonly Org[];
  editing: Share | null;
  busy: boolean;
  problem: unknown;
  problemRef: RefObject<HTMLDivElement | null>;
  onValues: (next: ComposerValues, touched: ComposerField[]) => void;
  onSubmit: (event: FormEvent) => void;
  navigate: (path: string) => void;
}) {
  const { t } = useLang();
  const [switched, setSwitched] = useState<string | null>(null);
  const hasSources = editing ? (editing.sources?.length ?? 0) > 0 : values.sources.length > 0;
  const fourEyes = needsSecondPublisher(hasSources, values.tlp);
  // Any other change makes a note about the TLP and the audience old news.
  const chooseFiles = useCallback(
    (attachmentIds: string[]) => onValues({ ...values, attachmentIds }, []),
    [values, onValues],
  );
  const patch = (p: Partial<ComposerValues>) => {
    setSwitched(null);
    onValues({ ...values, ...p }, Object.keys(p) as ComposerField[]);
  };
  return (
    <div className="composer-fields">
      {editing ? (
        hasSources && (
          <section aria-labelledby="sources-heading">
            <h2 id="sources-heading">{t('compose.sources')}</h2>
            <ul className="plain-list">
              {editing.sources?.map((s) => (
                <li key={s.id}>{s.title}</li>
              ))}
            </ul>
            <p className="hint">{t('compose.editConsent')}</p>
          </section>
        )
      ) : (
        <>
          <SourcePicker
            sources={values.sources}
            error={errorText(t, errors.sources)}
            onChange={(sources) => onValues({ ...values, sources }, ['sources'])}
          />
          <AttachmentChoice sources={values.sources} chosen={values.attachmentIds} onChange={chooseFiles} />
        </>
      )}
      <form className="card form share-form" noValidate onSubmit={onSubmit}>
        <ContentFields values={values} errors={errors} editing={!!editing} onChange={patch} />
        <TermsFields
          values={values}
          orgs={orgs}
          errors={errors}
          hasSources={hasSources}
          onValues={onValues}
          onSwitched={setSwitched}
        />
        <p className="switched" role="status">
          {switched}
        </p>
        <RedactionFields values={values} hasSources={hasSources} error={errors.terms} onChange={patch} />
        {fourEyes && (
          <p className="notice four-eyes" id="compose-four-eyes">
            {t('compose.fourEyes')}
          </p>
        )}
        <div ref={problemRef} tabIndex={-1} className="status-region">
          {problem ? <SharingRefusal problem={problem} navigate={navigate} /> : null}
        </div>
        <button
          type="submit"
          className="primary"
          disabled={busy}
          aria-describedby={fourEyes ? 'compose-four-eyes' : undefined}
        >
          {busy
            ? t('compose.sending')
            : editing
              ? t('compose.save')
              : hasSources
                ? t('compose.askConsent')
                : fourEyes
                  ? t('compose.requestPublication')
                  : t('compose.publish')}
        </button>
      </form>
    </div>
  );
}
