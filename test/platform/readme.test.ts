import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settings } from '../../src/config.js';

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('documents every setting Renraku reads, with its default', () => {
    for (const s of Object.values(settings)) {
      const def = s.default === undefined ? '—' : `\`${s.default}\``;
      expect(readme, s.env).toContain(`| \`${s.env}\` | ${def} |`);
    }
  });
});
