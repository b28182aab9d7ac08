import { useLang } from '../lang.js';

/**
 * What a printable page carries: its TLP label (and incident number), printed at the top of every page and
 * hidden on screen; and, on screen only, the buttons to print it and to download it as XLSX or CSV.
 * `exportPath` is the export route without its query (the server answers with an attachment).
 */
export function PrintExport({
  tlp,
  number,
  exportPath,
}: {
  tlp: string;
  number?: string | null | undefined;
  exportPath?: string | undefined;
}) {
  const { t, lang } = useLang();
  const link = (format: 'xlsx' | 'csv') =>
    `${exportPath}?format=${format}&lang=${lang}&tz=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}`;
  return (
    <>
      {/* Printed from the attribute (print.css): on screen there is no text, the TLP badge says it already. */}
      <p
        className="print-label"
        data-tlp={tlp}
        data-label={number ? t('print.labelNumbered', { tlp, number }) : t('print.label', { tlp })}
      />
      <fieldset className="print-actions">
        <legend className="visually-hidden">{t('print.actions')}</legend>
        <button type="button" onClick={() => window.print()}>
          {t('print.print')}
        </button>
        {exportPath && (
          <>
            <a className="button-link" href={link('xlsx')} download>
              {t('print.xlsx')}
            </a>
            <a className="button-link" href={link('csv')} download>
              {t('print.csv')}
            </a>
          </>
        )}
      </fieldset>
    </>
  );
}
