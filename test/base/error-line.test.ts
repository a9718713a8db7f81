/**
 * base/error-line.ts: any message as one short line, user input quoted as a
 * short excerpt. The expected strings are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { clip, errorLine, excerpt, shownFile } from '../../base/error-line.ts';

describe('excerpt', () => {
  it('quotes short input, escaping backslash and quote', () => {
    expect(excerpt('v9.9')).toBe('"v9.9"');
    expect(excerpt('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
  it('escapes line breaks, CR, separators and bidi controls', () => {
    expect(excerpt('foo\nbar')).toBe('"foo\\u000abar"');
    expect(excerpt('a\rb\u2028c\u2029d\u202ee\u2066f\u0000g\u001b')).toBe('"a\\u000db\\u2028c\\u2029d\\u202ee\\u2066f\\u0000g\\u001b"');
  });
  it('cuts at 60 code points and gives the length', () => {
    expect(excerpt('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
    expect(excerpt('x'.repeat(128 * 1024))).toBe(`"${'x'.repeat(60)}…" (131072 characters)`);
    // code points, not UTF-16 units: 61 emoji are 122 units
    expect(excerpt('😀'.repeat(61))).toBe(`"${'😀'.repeat(60)}…" (61 characters)`);
  });
});

describe('errorLine', () => {
  it('leaves an ordinary message alone', () => {
    expect(errorLine('f.scn:2:1: unknown step "add_page"')).toBe('f.scn:2:1: unknown step "add_page"');
  });
  it('never lets a line break or bidi control through', () => {
    expect(errorLine('unknown option \'--x\ny\'')).toBe("unknown option '--x\\u000ay'");
    expect(errorLine('a\u2028b\r\u202e')).toBe('a\\u2028b\\u000d\\u202e');
  });
  it('cuts a run of more than 100 characters without a space that no excerpt() quoted', () => {
    expect(errorLine(`bad ${'y'.repeat(101)} here`)).toBe(`bad ${'y'.repeat(60)}… (101 characters) here`);
    expect(errorLine(`bad ${'y'.repeat(100)}`)).toBe(`bad ${'y'.repeat(100)}`);
  });
  it('cuts the whole line at 2000 characters', () => {
    const line = errorLine('word '.repeat(1000));
    expect(line.startsWith('word word ')).toBe(true);
    expect(line.endsWith('… (message cut at 2000 of 5000 characters)')).toBe(true);
    expect(line.length).toBe(2000 + '… (message cut at 2000 of 5000 characters)'.length);
  });
});

describe('shownFile and clip', () => {
  it('show a path as it is, escaped, and cut a long one', () => {
    expect(shownFile('/tmp/a b.scn')).toBe('/tmp/a b.scn');
    expect(shownFile('/tmp/a\nb.scn')).toBe('/tmp/a\\u000ab.scn');
    expect(shownFile(`/${'d'.repeat(4000)}`)).toBe(`/${'d'.repeat(59)}… (a 4001-character name)`);
    expect(clip('[1,2]')).toBe('[1,2]');
    expect(clip('9'.repeat(70))).toBe(`${'9'.repeat(60)}… (70 characters)`);
  });
});
