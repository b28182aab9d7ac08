import { isMessageKey, type Translate } from '../i18n.js';

// Names of categories in the reader's language: the Japanese government profile's (`ransomware`) and RSIT's
// (`category/type` codes), whichever profile filed them; a code of neither is shown as it is.

/** The name of an RSIT category (`intrusions`). */
export function groupLabel(t: Translate, group: string): string {
  const key = `report.rsit.${group}`;
  return isMessageKey(key) ? t(key) : group;
}

/** The name of an RSIT type (`intrusions/system-compromise` → システムの侵害). */
export function typeLabel(t: Translate, code: string): string {
  const key = `report.rsit.${code}`;
  return isMessageKey(key) ? t(key) : (code.split('/')[1] ?? code);
}

/** A category's name: ランサムウェア for the Japanese profile's, 侵入 › システムの侵害 for RSIT's. */
export function categoryLabel(t: Translate, code: string): string {
  const profileKey = `report.category.${code}`;
  if (isMessageKey(profileKey)) return t(profileKey);
  if (!code.includes('/')) return code;
  const [group = code] = code.split('/');
  return `${groupLabel(t, group)} › ${typeLabel(t, code)}`;
}
