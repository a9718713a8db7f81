/**
 * Bad input as a new user would type it: each is one line on stderr and
 * exit 2, or, where the kernel itself answers, the kernel's answer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp, repoRoot } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'memhp-bad-'));
function scenario(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function expectOneLineError(args: string[], pattern: RegExp): void {
  const r = memhp(args);
  expect(r.code, r.stderr + r.stdout).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('memhp replay refuses bad input with one line and exit 2', () => {
  it('unknown profile', () => {
    const f = scenario('p.scn', 'profile v9.9\nadd_pages 0x100000000 2M\n');
    expectOneLineError(['replay', f], /p\.scn:1:\d+: unknown profile "v9\.9" \(known: .*v5\.3.*\)/);
  });
  it('unknown step', () => {
    const f = scenario('s.scn', 'profile v5.3\nadd_page 0x100000000 2M\n');
    expectOneLineError(['replay', f], /s\.scn:2:1: unknown step "add_page"/);
  });
  it('an address that is not page aligned', () => {
    const f = scenario('a.scn', 'add_pages 0x1001 2M\n');
    expectOneLineError(['replay', f], /a\.scn:1:\d+: .*0x1001.*page/);
  });
  it('a memmap_on_memory value the parameter does not take', () => {
    const f = scenario('m.scn', 'profile v6.6\nconfig memmap_on_memory maybe\ndump\n');
    expectOneLineError(['replay', f], /m\.scn:2:25: bad value "maybe" for config memmap_on_memory \(allowed: N, Y, force\)/);
  });
  it('a dynamic memory group without its unit', () => {
    const f = scenario('g.scn', 'profile v6.12\nadd_memory 0x140000000 128M group=dynamic:\n');
    expectOneLineError(['replay', f], /g\.scn:2:43: missing unit in group=dynamic:<unit>/);
  });
  it('an unknown add_memory flag', () => {
    const f = scenario('f.scn', 'add_memory 0x100000000 128M memmap_on_mem\n');
    expectOneLineError(['replay', f], /f\.scn:1:29: unexpected "memmap_on_mem"/);
  });
  it('an empty file', () => {
    expectOneLineError(['replay', scenario('e.scn', '')], /e\.scn.*empty/);
  });
  it('a binary file', () => {
    expectOneLineError(['replay', scenario('b.scn', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe]))], /b\.scn.*not a text file/);
  });
  it('a missing file', () => {
    expectOneLineError(['replay', join(dir, 'nope.scn')], /nope\.scn: no such file/);
  });
  it('boot memory past what the model holds (this was "internal error: Map maximum size exceeded", exit 3)', () => {
    const f = scenario('boot64t.scn', 'profile v6.1\nboot 0x0 64T\ndump\n');
    expectOneLineError(['replay', f], /boot64t\.scn:2:1: boot memory would make 524,288 sections present; the model holds at most 8,192 /);
  });
  it('an add past what the model holds, on either implementation', () => {
    const f = scenario('add64t.scn', 'profile v5.5\nadd_pages 0x0 64T\n');
    expectOneLineError(['replay', f, '--impl', 'optimized'], /^memhp: line 2: the add would make 524,288 sections present; the model holds at most 8,192 /);
  });
  it('an unknown --impl', () => {
    expectOneLineError(['replay', scenario('ok.scn', 'dump\n'), '--impl', 'fast'], /--impl "fast"/);
  });
  it('an unknown --profile on the command line', () => {
    expectOneLineError(['replay', scenario('ok2.scn', 'dump\n'), '--profile', 'v1'], /unknown profile "v1"/);
  });
  it('an unknown bug switch', () => {
    expectOneLineError(['replay', scenario('ok3.scn', 'dump\n'), '--inject', 'nope'], /unknown bug switch "nope"/);
  });
});

describe('where the kernel answers, the model answers as the kernel does', () => {
  it('a size that is not a multiple of the sub-section size is -EINVAL (check_pfn_span)', () => {
    const f = scenario('k1.scn', 'profile v5.3\nadd_pages 0x100000000 3M -> -EINVAL\n');
    const r = memhp(['replay', f]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
  it('a range beyond MAX_PHYSMEM_BITS is -E2BIG from v5.5 (check_hotplug_memory_addressable)', () => {
    const f = scenario('k2.scn', 'profile v5.5\nadd_pages 0x400000000000 2M -> -E2BIG\nadd_pages 0x3fffffe00000 4M -> -E2BIG\n');
    const r = memhp(['replay', f]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
  it('and a BUG on v5.3, which had no bounds check', () => {
    const f = scenario('k3.scn', 'profile v5.3\nadd_pages 0x400000000000 2M -> BUG\n');
    const r = memhp(['replay', f]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('memhp run refuses bad replay tokens', () => {
  it('a malformed path', () => {
    expectOneLineError(['run', '--profile', 'v5.3', '--property', 'differential', '--path', '1:x'], /--path "1:x"/);
  });
  it('a malformed replayPath', () => {
    expectOneLineError(['run', '--profile', 'v5.3', '--property', 'differential', '--replay-path', 'AB!'], /--replay-path "AB!"/);
  });
  it('a seed that is not a number', () => {
    expectOneLineError(['run', '--seed', 'forty-two'], /--seed "forty-two" is not an integer/);
  });
  it('an unknown property', () => {
    expectOneLineError(['run', '--property', 'nope'], /unknown property "nope"/);
  });
  it('a path without one profile and property', () => {
    expectOneLineError(['run', '--path', '1:2'], /exactly one --profile and one --property/);
  });
  it('an unknown subcommand', () => {
    const r = memhp(['frobnicate']);
    expect(r.code).toBe(2);
  });
});

describe('a reader that stops early', () => {
  it('memhp replay piped into head ends quietly: no EPIPE stack trace', () => {
    // more output than a pipe holds, so the write after head has gone fails
    const file = join(mkdtempSync(join(tmpdir(), 'memhp-epipe-')), 'long.scn');
    writeFileSync(file, 'zone Normal\n'.repeat(3000));
    const out = mkdtempSync(join(tmpdir(), 'memhp-epipe-out-'));
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/memhp.js replay "${file}" --out "${out}" | head -c 10 >/dev/null`], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.ts:\d+/);
  });
});
