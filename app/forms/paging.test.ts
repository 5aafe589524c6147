import { describe, expect, it } from 'vitest';
import { pageCount, pageField, pageFromQuery, pageWindow } from './paging';

describe('lists a page at a time', () => {
  it('reads the page from the address, taking anything but a whole number from 1 as the first page', () => {
    expect(pageFromQuery('3')).toBe(3);
    for (const v of [null, undefined, '', '0', '-2', '1.5', 'two', '9999999', ' 2']) expect(pageFromQuery(v)).toBe(1);
    expect(pageField.parse(undefined)).toBe(1);
    expect(pageField.parse('12')).toBe(12);
  });

  it('counts pages, an empty list having one, and gives each page its rows', () => {
    expect(pageCount(0, 100)).toBe(1);
    expect(pageCount(100, 100)).toBe(1);
    expect(pageCount(101, 100)).toBe(2);
    expect(pageWindow(1, 100)).toEqual({ limit: 100, offset: 0 });
    expect(pageWindow(3, 50)).toEqual({ limit: 50, offset: 100 });
  });
});
