import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './sso.return-to.js';

describe('safeReturnTo', () => {
  it('keeps paths of the web app, with their query', () => {
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo('')).toBe('/');
    expect(safeReturnTo('/incidents/0191-abc')).toBe('/incidents/0191-abc');
    expect(safeReturnTo('/?status=open&sort=severity-desc')).toBe('/?status=open&sort=severity-desc');
  });

  it.each([
    'https://evil.example/',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'javascript:alert(1)',
    ' /incidents',
    '/../../evil',
    '/a/../..//evil.example',
    '/api/v1/session',
    '/API/v1/tokens',
    '/事案',
    `/${'a'.repeat(600)}`,
  ])('refuses %j', (raw) => {
    expect(safeReturnTo(raw)).toBeNull();
  });

  it('never returns anything that a browser resolves to another origin', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom('', '/', '//', '/\\'),
        (s, p) => {
          const out = safeReturnTo(p + s);
          if (out === null) return;
          const base = 'https://app.example';
          expect(new URL(out, base).origin).toBe(base);
          expect(out.startsWith('/')).toBe(true);
          expect(out.startsWith('//')).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
