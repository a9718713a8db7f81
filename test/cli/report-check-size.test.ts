/**
 * `memhp report check` holds a report.json to the report limit (64 MiB), not
 * the scenario limit (8 MiB): a 9 MiB file is read and judged by its schema,
 * a 65 MiB one is refused naming the report limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'memhp-report-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report check and the size of a report', () => {
  it('a 9 MiB report.json is read, and judged by its schema', () => {
    const file = join(dir, 'nine.json');
    writeFileSync(file, `${' '.repeat(9 * 2 ** 20)}{}`);
    const r = memhp(['report', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/too large/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a 65 MiB report.json is refused by the report limit', () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, ' '.repeat(65 * 2 ** 20));
    const r = memhp(['report', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too large \(\d+ bytes; a report file is at most 64 MiB\)\n$/);
  });
});
