import { describe, expect, it } from 'vitest';
import { expectAccessible, sharedBrowser } from './support.js';

// The accessibility check every screen test relies on catches what it must: a page with an unnamed button
// and an image without a text alternative fails, naming each rule and element; the same page made right
// passes; and the check still runs after the page was replaced by a full load (axe is loaded again).

const browser = sharedBrowser();

describe('the accessibility check', () => {
  it('fails on serious violations, naming rule and element, and passes once they are fixed', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    try {
      await page.setContent(
        '<!doctype html><html lang="ja"><title>検査</title><main><h1>検査</h1>' +
          '<button id="nameless"></button><img id="bare" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>',
      );
      const failure = await expectAccessible(page, 'a broken page').then(
        () => undefined,
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/button-name \(critical\): #nameless/);
      expect(failure).toMatch(/image-alt \(critical\): #bare/);

      await page.evaluate(() => {
        document.getElementById('nameless')?.append('送信');
        document.getElementById('bare')?.setAttribute('alt', '');
      });
      await expectAccessible(page, 'the page made right');

      await page.setContent(
        '<!doctype html><html lang="ja"><title>再読込</title><main><h1>再読込</h1><button></button></main></html>',
      );
      await expect(expectAccessible(page, 'a new document')).rejects.toThrow(/button-name/);
    } finally {
      await context.close();
    }
  });
});
