import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_CATEGORIES, AUDIT_SUBJECT_TYPES } from '../../src/platform/audit/actions.js';
import { ACTION_PREFIXES, SUBJECT_TYPES } from '../../web/src/admin/auditFilter.js';
import { dictionaries, LANGS } from '../../web/src/i18n.js';

// The audit log screen names every action and subject type the server can write, in every language, and
// filters by every category. `audited` takes only the actions of actions.ts (a type), so a new kind of entry
// fails here until the screen can name it.

describe('the audit log screen names what the server writes', () => {
  const missing = (keys: string[]) =>
    Object.fromEntries(LANGS.map((lang) => [lang, keys.filter((k) => !(k in dictionaries[lang]))]));
  const none = Object.fromEntries(LANGS.map((lang) => [lang, []]));

  it('every action, in Japanese and English', () => {
    expect(missing(AUDIT_ACTIONS.map((a) => `audit.action.${a}`))).toEqual(none);
  });

  it('every subject type, and filters by each', () => {
    expect(missing(AUDIT_SUBJECT_TYPES.map((s) => `audit.subject.${s}`))).toEqual(none);
    expect([...SUBJECT_TYPES].sort()).toEqual([...AUDIT_SUBJECT_TYPES].sort());
  });

  it('every category of action, and filters by each', () => {
    expect([...ACTION_PREFIXES].sort()).toEqual(AUDIT_CATEGORIES.map((c) => `${c}.`).sort());
    expect(missing(ACTION_PREFIXES.map((p) => `audit.prefix.${p}`))).toEqual(none);
  });

  it('a label says something: not the action code, and not the same words for two actions', () => {
    for (const lang of LANGS) {
      const labels = AUDIT_ACTIONS.map(
        (a) => (dictionaries[lang] as Record<string, string>)[`audit.action.${a}`],
      );
      expect(labels.filter((l, i) => l === AUDIT_ACTIONS[i])).toEqual([]);
      expect(
        labels.filter((l, i) => labels.indexOf(l) !== i),
        lang,
      ).toEqual([]);
    }
  });
});
