/**
 * The reverted 6.1 (oracle/audit-examples/revert-c5e79ef561b0-offline.patch,
 * built by `memhp kernel-build`) as recorded in QEMU by `memhp kernel --image
 * … --profile <the patch profile> --record` (oracle/recorded/<its release>/):
 * held to its patch profile, the model gives the kernel's own answer at
 * every step — the offlines of block 7 (the hole past the last RAM pfn,
 * `modern.unavailableMemmap: reserved`) and of block 1 (a memmap= hole inside
 * DMA32's span) included, with no declared nondeterministic outcome standing
 * in for it; held to stock v6.1 the same recordings disagree there and only
 * there (-EINVAL, c5e79ef561b0).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPatchProfile } from '../../engine/patch-profile.ts';
import { compareRecord } from '../../oracle/compare.ts';
import { RECORDED_DIR } from '../../oracle/paths.ts';
import type { KernelRecord } from '../../oracle/record.ts';

const RELEASE = '6.1.176-memhp-revert-c5e79ef561b0-offline';
const PROFILE = loadPatchProfile('oracle/audit-examples/revert-c5e79ef561b0-offline.profile.json');
const recording = (name: string): KernelRecord => JSON.parse(readFileSync(join(RECORDED_DIR, RELEASE, `${name}.json`), 'utf8')) as KernelRecord;

describe(`recordings of ${RELEASE}`, () => {
  it.each([
    ['boot-blocks', 'state 7 offline'],
    ['offline-block-with-hole', 'state 1 offline'],
  ])('%s: the patch profile gives every answer, %s = -EBUSY among them, without a declared outcome', (name, offline) => {
    const rec = recording(name);
    expect(rec.release).toBe(RELEASE);
    expect(rec.steps.find((s) => s.text === offline)?.answer).toBe('-EBUSY');
    const c = compareRecord(rec, PROFILE);
    expect(c.disagreements).toEqual([]);
    expect(c.rows.filter((r) => r.latitude !== undefined).map((r) => `${r.text}: ${r.latitude ?? ''}`)).toEqual([]);
    expect(c.rows.find((r) => r.text === offline)?.model).toBe('-EBUSY');
  });

  it.each([
    ['boot-blocks', 'state 7 offline'],
    ['offline-block-with-hole', 'state 1 offline'],
  ])('%s held to stock v6.1: the one disagreement is %s (-EINVAL)', (name, offline) => {
    const c = compareRecord(recording(name), 'v6.1');
    expect(c.disagreements.map((d) => [d.text, d.what, d.kernel, d.model])).toEqual([[offline, 'answer', '-EBUSY', '-EINVAL']]);
  });
});
