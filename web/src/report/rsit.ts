import { isMessageKey, type Translate } from '../i18n.js';

// Names of RSIT categories (`category/type` codes) in the reader's language; a code of a deployment's own
// taxonomy that has no name here is shown as it is.

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

/** Category and type together: 侵入 › システムの侵害. */
export function categoryLabel(t: Translate, code: string): string {
  const [group = code] = code.split('/');
  return `${groupLabel(t, group)} › ${typeLabel(t, code)}`;
}
