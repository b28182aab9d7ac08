import { isMessageKey, type Translate } from '../i18n.js';

/**
 * Why a part of a file was not imported, in the page's language where the code is known (`imports.*` with the
 * server's sentence beside it, as it names the object's path or type; `indicators.*` alone); else the sentence.
 */
export function importReason(t: Translate, code: string, sentence: string): string {
  const own = `exchange.reason.${code.replace(/^imports\./, '')}`;
  if (code.startsWith('imports.') && isMessageKey(own)) return `${t(own)} (${sentence})`;
  const value = `indicators.reason.${code.replace(/^indicators\./, '')}`;
  return code.startsWith('indicators.') && isMessageKey(value) ? t(value) : sentence;
}
