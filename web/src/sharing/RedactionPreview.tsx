import { useLang } from '../lang.js';
import { TlpWithMeaning } from '../ui/Badges.js';
import { ShareBody } from './ShareBody.js';
import type { RedactionKind, ShareContent, Tlp } from './sharing.api.js';

/**
 * What recipients will read, computed here with the server's own redaction (the same module), so that the
 * analyst sees the stored text before sending it; with how many redactions of each kind it applied.
 */
export function RedactionPreview({
  content,
  counts,
  tlp,
}: {
  content: ShareContent;
  counts: readonly { kind: RedactionKind; count: number }[];
  tlp: Tlp;
}) {
  const { t } = useLang();
  const applied = counts.filter((c) => c.count > 0);
  return (
    <section className="preview card" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('compose.preview')}</h2>
      <p className="hint">{t('compose.previewHint')}</p>
      <p>
        <TlpWithMeaning tlp={tlp} />
      </p>
      <div aria-live="polite" className="redaction-counts">
        {applied.length === 0 ? (
          <p className="muted">{t('compose.redactions.none')}</p>
        ) : (
          <ul className="plain-list">
            {applied.map((c) => (
              <li key={c.kind}>{t(`share.redaction.${c.kind}`, { n: c.count })}</li>
            ))}
          </ul>
        )}
      </div>
      {content.title || content.body ? (
        <ShareBody content={content} level={3} idPrefix="preview" />
      ) : (
        <p className="muted">{t('compose.previewEmpty')}</p>
      )}
    </section>
  );
}
