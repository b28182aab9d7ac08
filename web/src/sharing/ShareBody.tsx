import type { ShareContent } from '../../../src/features/sharing/sharing.terms.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';

/** An indicator type in words (IPv4 アドレス…); an unknown one as the API names it. */
export function useIndicatorLabel() {
  const { t } = useLang();
  return (type: string) => {
    const key = `share.indicator.${type}`;
    return isMessageKey(key) ? t(key) : type;
  };
}

/**
 * The content of a share exactly as recipients read it: title, body, indicators, mitigations. The composer's
 * preview, the consent request and the recipient's page all render it with this one component, so that what a
 * security officer approves is, character for character, what the recipients get.
 */
export function ShareBody({
  content,
  level = 2,
  idPrefix,
}: {
  content: ShareContent;
  /** The heading level of the title where it is shown (the page's h1 for a recipient). */
  level?: 1 | 2 | 3 | 4;
  idPrefix: string;
}) {
  const { t } = useLang();
  const label = useIndicatorLabel();
  const Title = `h${level}` as const;
  const Sub = `h${(level + 1) as 2 | 3 | 4 | 5}` as const;
  return (
    <div className="share-content">
      <Title id={`${idPrefix}-heading`} className="share-title text">
        {content.title}
      </Title>
      <p className="text share-text">{content.body}</p>
      {content.indicators.length > 0 && (
        <section aria-labelledby={`${idPrefix}-indicators`}>
          <Sub id={`${idPrefix}-indicators`}>{t('share.indicators')}</Sub>
          <table className="share-indicators">
            <thead>
              <tr>
                <th scope="col">{t('share.indicator.type')}</th>
                <th scope="col">{t('share.indicator.value')}</th>
                <th scope="col">{t('share.indicator.description')}</th>
              </tr>
            </thead>
            <tbody>
              {content.indicators.map((indicator, i) => (
                // Indicators have no id of their own; their order is part of the content.
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is rendered whole, never reordered.
                <tr key={i}>
                  <td data-label={t('share.indicator.type')}>{label(indicator.type)}</td>
                  <td data-label={t('share.indicator.value')} className="mono">
                    {indicator.value}
                  </td>
                  <td data-label={t('share.indicator.description')}>{indicator.description ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {content.mitigations.length > 0 && (
        <section aria-labelledby={`${idPrefix}-mitigations`}>
          <Sub id={`${idPrefix}-mitigations`}>{t('share.mitigations')}</Sub>
          <ol className="share-mitigations">
            {content.mitigations.map((text, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: as above, the order is the content.
              <li key={i} className="text">
                {text}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
