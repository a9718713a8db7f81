/** Kernel command output stays within 120 columns. */
import { describe, expect, it } from 'vitest';
import { wrapLine } from '../../cli/wrap.ts';

describe('wrapLine', () => {
  it('leaves a short line alone', () => {
    expect(wrapLine('  memhp: short')).toBe('  memhp: short');
  });

  it('breaks a long line at spaces and indents the rest under it', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const out = wrapLine(`        ✗ zone Normal: ${words.join(' ')}`).split('\n');
    expect(out.length).toBeGreaterThan(1);
    for (const l of out) expect([...l].length).toBeLessThanOrEqual(120);
    expect(out[1]).toMatch(/^ {12}word/);
    expect(out.join(' ').replace(/\s+/g, ' ').trim()).toBe(`✗ zone Normal: ${words.join(' ')}`);
  });

  it('cuts a single word longer than the line', () => {
    const out = wrapLine(`x ${'a'.repeat(300)}`).split('\n');
    for (const l of out) expect(l.length).toBeLessThanOrEqual(120);
    expect(out.join('').replace(/\s/g, '')).toBe(`x${'a'.repeat(300)}`);
  });
});
