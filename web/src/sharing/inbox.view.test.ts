import { describe, expect, it } from 'vitest';
import { activeFilters, readInboxView, writeInboxView } from './inbox.view.js';

const read = (query: string, manages = true) => readInboxView(new URLSearchParams(query), manages);

describe('the shares inbox in the address', () => {
  it('reads the box, the filters and the search, and writes them back the same', () => {
    const view = read('box=managed&status=awaiting-consent&kind=advisory&q=標的型 メール');
    expect(view).toEqual({
      box: 'managed',
      status: 'awaiting-consent',
      kind: 'advisory',
      q: '標的型 メール',
    });
    expect(readInboxView(writeInboxView(view), true)).toEqual(view);
    expect(activeFilters(view)).toBe(3);
  });

  it('leaves defaults out of the address', () => {
    expect(writeInboxView(read('')).toString()).toBe('');
    expect(activeFilters(read(''))).toBe(0);
  });

  it('falls back to the default for anything the API would refuse', () => {
    expect(read('box=managed', false).box).toBe('inbox');
    expect(read('box=nonsense&status=deleted&kind=memo')).toEqual({
      box: 'inbox',
      status: '',
      kind: '',
      q: '',
    });
    // A recipient never holds a share awaiting consent: the filter would only ever show nothing.
    expect(read('status=awaiting-consent').status).toBe('');
    expect(read(`q=${'あ'.repeat(250)}`).q).toHaveLength(200);
    expect(read('q=%20%20').q).toBe('');
  });
});
