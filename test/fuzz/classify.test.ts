/**
 * The fuzz tier's echo check counts characters as excerpt() does (code
 * points), so a message quoting the 60-character excerpt of an emoji input
 * is a clean one-line error, and a message quoting 100 of them is an echo.
 */
import { describe, expect, it } from 'vitest';
import { classify, echoes } from '../../fuzz/classify.ts';

const emoji = '\u{1F600}';

describe('fuzz echo check', () => {
  it('60 quoted astral characters (120 UTF-16 units) are an excerpt, not an echo', () => {
    const input = `base: ${emoji.repeat(5000)}\n`;
    const line = `memhp: p.profile.yaml: base: unknown profile "${emoji.repeat(60)}…" (63 characters)`;
    expect(echoes(line, input)).toBe(false);
    expect(classify({ code: 2, stderr: `${line}\n` }, input)).toBe('one-line error');
  });

  it('100 quoted characters of the input are an echo, astral or not', () => {
    const input = `base: ${emoji.repeat(5000)} ${'x'.repeat(5000)}\n`;
    expect(echoes(`memhp: bad "${emoji.repeat(100)}"`, input)).toBe(true);
    expect(echoes(`memhp: bad "${'x'.repeat(100)}"`, input)).toBe(true);
    expect(classify({ code: 2, stderr: `memhp: bad "${'x'.repeat(100)}"\n` }, input)).toBe('echo too long');
  });
});
