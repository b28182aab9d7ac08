import { describe, expect, it } from 'vitest';
import { dictionaries, LANGS, parts, translator } from './i18n.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web dictionaries', () => {
  const [reference, ...others] = LANGS;
  const referenceKeys = Object.keys(dictionaries[reference]).sort();

  it.each(others)('%s has exactly the keys of the reference language', (lang) => {
    const keys = Object.keys(dictionaries[lang]).sort();
    expect(
      referenceKeys.filter((k) => !keys.includes(k)),
      `keys missing in ${lang}`,
    ).toEqual([]);
    expect(
      keys.filter((k) => !referenceKeys.includes(k)),
      `keys missing in ${reference}`,
    ).toEqual([]);
  });

  it.each(LANGS)('%s has no empty message', (lang) => {
    const empty = Object.entries(dictionaries[lang]).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it.each(others)('%s uses the same placeholders as the reference language', (lang) => {
    const mismatched = referenceKeys.filter((key) => {
      const ref = dictionaries[reference][key as keyof (typeof dictionaries)['ja']];
      const own = dictionaries[lang][key as keyof (typeof dictionaries)['ja']];
      return own === undefined || placeholders(ref).join() !== placeholders(own).join();
    });
    expect(mismatched).toEqual([]);
  });

  it('defines every key in one part of the app only', () => {
    const seen = new Map<string, string[]>();
    for (const [part, messages] of Object.entries(parts))
      for (const lang of LANGS)
        for (const key of Object.keys(messages[lang])) {
          const owners = seen.get(`${lang}:${key}`) ?? [];
          seen.set(`${lang}:${key}`, [...owners, part]);
        }
    const twice = [...seen].filter(([, owners]) => owners.length > 1).map(([key]) => key);
    expect(twice).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('ja')('list.count', { n: 3 })).toBe('3 件');
    expect(translator('en')('list.count', { n: 3 })).toBe('3 incidents');
    expect(translator('en')('list.count')).toBe('{n} incidents');
  });

  it('names the login fields as the design says', () => {
    expect(translator('ja')('login.email')).toBe('メールアドレス');
    expect(translator('ja')('login.password')).toBe('パスワード');
    expect(translator('ja')('login.submit')).toBe('ログイン');
    expect(translator('en')('login.email')).toBe('Email');
    expect(translator('en')('login.password')).toBe('Password');
    expect(translator('en')('login.submit')).toBe('Log in');
  });
});
