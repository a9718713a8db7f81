/**
 * Rules a release never combined, asked through patch profiles: a patch may
 * move one rule of a base profile to another release's value, and both
 * implementations must follow it. Expected answers worked out by hand from
 * the rule's description (docs/patch-profiles.md).
 */
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { parsePatchProfile } from '../../engine/patch-profile.ts';
import { replaySteps } from '../../engine/replay.ts';
import { parseScenario } from '../../scenario/index.ts';

/** The first problem replaying `lines` under `base` with one rule changed, or ''. */
function replayPatched(base: string, rule: string, value: string, lines: readonly string[]): string {
  const patch = parsePatchProfile(`name: ${base}-${value}\nbase: ${base}\nrules:\n  ${rule}: ${value}\n`, 'p.yaml');
  const scenario = parseScenario(`${[`profile ${base}`, 'geometry x86_64', 'boot 0x0 0x40000000', ...lines].join('\n')}\n`, 't.scn');
  const r = replaySteps({ ...machineFor(scenario), profile: patch }, scenario.steps, ['reference', 'optimized']);
  const failed = r.steps.find((s) => s.unmet !== undefined || s.result.violations.length > 0);
  if (failed !== undefined) return `line ${failed.source.line}: ${failed.unmet?.expected ?? failed.result.violations.map((v) => v.message).join('; ')}`;
  return r.passed ? '' : 'the implementations disagree';
}

// sections 40 and 42 added, 41 never: __remove_pages() over 40..43 meets an invalid section
const ADDS = ['add_pages 0x140000000 128M -> ok', 'add_pages 0x150000000 128M -> ok'];

describe('sparse.removeInvalid under patch profiles', () => {
  it('v4.19 with warn-skip: whole-section removal WARNs at section 41 and goes on to remove 42', () => {
    const lines = [...ADDS, 'remove_pages 0x140000000 512M -> WARN', 'valid_section 0x140000000 -> false', 'valid_section 0x150000000 -> false'];
    expect(replayPatched('v4.19', 'sparse.removeInvalid', 'warn-skip', lines)).toBe('');
  });

  it('v5.5 with einval-break: sub-section removal stops at section 41 with -EINVAL, 40 gone and 42 kept', () => {
    const lines = [...ADDS, 'remove_pages 0x140000000 512M -> -EINVAL', 'valid_section 0x140000000 -> false', 'valid_section 0x150000000 -> true'];
    expect(replayPatched('v5.5', 'sparse.removeInvalid', 'einval-break', lines)).toBe('');
  });
});

// v6.7 adds 0x100000000..0x10fffffff as blocks 32 and 33, each hosting its own memmap (an altmap per block)
const SELF_HOSTED_PAIR = ['config memmap_on_memory Y', 'add_memory 0x100000000 256M memmap_on_memory -> ok', 'block 33 -> offline'];

describe('modern.memmapRemove under patch profiles', () => {
  it("v6.7 with one-block: try_remove_memory()'s pre-v6.7 granularity test refuses the two self-hosted blocks at once", () => {
    const lines = [...SELF_HOSTED_PAIR, 'remove_memory 0x100000000 256M -> -EINVAL', 'block 32 -> offline', 'remove_memory 0x100000000 128M -> -EINVAL'];
    expect(replayPatched('v6.7', 'modern.memmapRemove', 'one-block', lines)).toBe('');
  });

  it('v6.7 with one-block: the test reads only the blocks of the range, not a self-hosted block right after it', () => {
    const lines = ['config memmap_on_memory Y', 'add_memory 0x100000000 256M -> ok', 'add_memory 0x110000000 128M memmap_on_memory -> ok', 'remove_memory 0x100000000 256M -> ok', 'block 34 -> offline'];
    expect(replayPatched('v6.7', 'modern.memmapRemove', 'one-block', lines)).toBe('');
  });

  it('v6.7 as merged (any): the same remove takes both blocks', () => {
    const lines = [...SELF_HOSTED_PAIR, 'remove_memory 0x100000000 256M -> ok', 'valid_section 0x100000000 -> false'];
    expect(replayPatched('v6.7', 'modern.memmapRemove', 'any', lines)).toBe('');
  });
});
