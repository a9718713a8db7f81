/**
 * The fuzz tier's findings through the real command line (bin/memhp.js):
 * exactly one stderr line, exit 2, no stack, user input escaped.
 */
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

function expectOneLine(args: string[], pattern: RegExp): void {
  const r = memhp(args);
  expect(r.code, r.stderr + r.stdout).toBe(2);
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('memhp on the fuzz tier\'s findings', () => {
  it('replay /dev/zero ends at once', () => {
    expectOneLine(['replay', '/dev/zero'], /^memhp: \/dev\/zero: not a regular file/);
  });
  it('a newline in --inject is escaped, not printed', () => {
    expectOneLine(['replay', 'x.scn', '--inject', 'foo\nbar'], /^memhp: unknown bug switch "foo\\u000abar" \(known: /);
  });
  it('commander\'s suggestion stays on the same line', () => {
    expectOneLine(['replay', 'x.scn', '--profle', 'v5.5'], /^memhp: unknown option '--profle' \(did you mean --profile\?\)\n$/);
  });
  it('a --path from another run is exit 2 saying so, not an internal error', () => {
    expectOneLine(['run', '--seed', '1', '--profile', 'v6.1', '--property', 'differential', '--path', '296:686:608:26'], /^memhp: --path "296:686:608:26" starts at run 296, but there are only 100 runs \(--runs\)\n$/);
  });
});
