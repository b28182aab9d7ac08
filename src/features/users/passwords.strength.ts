import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { Executor } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';

export const MIN_PASSWORD = 12;
// Checking is CPU work on the event loop; what lies beyond this adds strength but no more to check.
const CHECKED_LENGTH = 100;

export type PasswordLocale = 'ja' | 'en';

/** What a new password is checked against: the person's own words, the language of the feedback, the bar. */
export interface PasswordCheck {
  inputs: readonly string[];
  locale: PasswordLocale;
  minScore: number;
}

// Loaded and built on first use (the dictionaries take a second and many megabytes: a command that sets no
// password never pays for them), once per language of the feedback.
const factories = new Map<PasswordLocale, Promise<ZxcvbnFactory>>();
function zxcvbn(locale: PasswordLocale): Promise<ZxcvbnFactory> {
  let factory = factories.get(locale);
  if (!factory) {
    factory = (async () => {
      const [{ ZxcvbnFactory }, common, en, ja] = await Promise.all([
        import('@zxcvbn-ts/core'),
        import('@zxcvbn-ts/language-common'),
        import('@zxcvbn-ts/language-en'),
        import('@zxcvbn-ts/language-ja'),
      ]);
      return new ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary, ...ja.dictionary },
        graphs: common.adjacencyGraphs,
        translations: locale === 'ja' ? ja.translations : en.translations,
        maxLength: CHECKED_LENGTH,
      });
    })();
    factories.set(locale, factory);
  }
  return factory;
}

const weak = (locale: PasswordLocale, detail: Record<string, unknown>) =>
  new AppError(
    422,
    'users.weak_password',
    locale === 'ja'
      ? 'このパスワードは推測されやすいため使えません。'
      : 'This password is too easy to guess; choose another.',
    detail,
  );

/**
 * Refuses a password that is short (fewer than 12 characters) or guessable: common passwords, dictionary words
 * in English and Japanese, repeats, sequences, keyboard patterns, and the person's own e-mail, name or body. The
 * refusal carries zxcvbn's feedback in the caller's language.
 */
export async function checkPasswordStrength(password: string, check: PasswordCheck): Promise<void> {
  if ([...password].length < MIN_PASSWORD)
    throw weak(check.locale, { reason: 'too_short', minLength: MIN_PASSWORD });
  const result = (await zxcvbn(check.locale)).check(password.slice(0, CHECKED_LENGTH), [...check.inputs]);
  // Twelve spaces are not twelve characters of secret, whatever a scorer says of whitespace.
  if (result.score < check.minScore || password.trim() === '')
    throw weak(check.locale, {
      reason: 'guessable',
      score: result.score,
      feedback: { warning: result.feedback.warning ?? null, suggestions: result.feedback.suggestions },
    });
}

/** The words of a person that must not make their password: e-mail and its parts, name, body's names and slug. */
export async function personalWords(
  db: Executor,
  who: { email: string; displayName?: string | null | undefined; orgId?: string; orgSlug?: string },
): Promise<string[]> {
  const org = who.orgId
    ? await orgsDirectory.byId(db, who.orgId)
    : await orgsDirectory.bySlug(db, who.orgSlug ?? '');
  const [local = '', domain = ''] = who.email.toLowerCase().split('@');
  const words = [
    who.email,
    local,
    ...local.split(/[._+-]/),
    ...domain.split('.'),
    who.displayName ?? '',
    ...(org ? [org.slug, org.name_ja, org.name_en, ...org.name_en.split(/\s+/)] : []),
    'renraku',
    '連絡',
  ];
  return [...new Set(words.map((w) => w.trim()).filter((w) => w.length >= 3))];
}

/** The language of the person typing: English when the request prefers it, Japanese otherwise. */
export const localeOf = (acceptLanguage: string | undefined): PasswordLocale =>
  /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'ja';
