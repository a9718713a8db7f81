/**
 * Steps over huge ranges answer what the kernel answers without walking the
 * range (docs/performance.md, "Bounded cost per step"), in both
 * implementations and with every check on; what the model cannot hold is
 * refused as bad input. Each of these ran for minutes, or ended in "Map
 * maximum size exceeded", before; completing at all within the default test
 * timeout is the point (the times are in the bench's `worst-step` group).
 */
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { replaySteps } from '../../engine/replay.ts';
import { CapacityError, maxHeldSections } from '../../model/capacity.ts';
import { presetGeometry } from '../../model/geometry.ts';
import type { ImplementationKind } from '../../model/implementation.ts';
import { parseScenario, ScenarioError } from '../../scenario/index.ts';

const KINDS: ReadonlyArray<readonly ImplementationKind[]> = [['reference'], ['optimized'], ['reference', 'optimized']];

/** Each step's answers and every violation, per implementation choice. */
function replay(text: string, kinds: readonly ImplementationKind[]) {
  const scenario = parseScenario(text);
  const r = replaySteps(machineFor(scenario), scenario.steps, kinds);
  return {
    answers: r.steps.map((s) => [...new Set(s.result.outcomes.map((o) => o.outcome))]),
    violations: r.steps.flatMap((s) => s.result.violations.map((v) => `${v.check}: ${v.message}`)),
  };
}

function refusal(text: string, kinds: readonly ImplementationKind[]): string {
  try {
    const scenario = parseScenario(text);
    replaySteps(machineFor(scenario), scenario.steps, kinds);
  } catch (e) {
    if (e instanceof CapacityError || e instanceof ScenarioError) return e.message;
    throw e;
  }
  return 'no refusal';
}

describe.each(KINDS)('huge ranges the kernel refuses before walking them (%s)', (...kinds) => {
  it('v5.3: 64 TiB - 4 KiB at 4.25 GiB is not a multiple of 2 MiB: check_pfn_span() says -EINVAL', () => {
    // 0x3ffffffff000 mod 0x200000 = 0x1ff000; v5.3 has no address check before check_pfn_span()
    const r = replay('profile v5.3\ngeometry x86_64\nadd_pages 0x110000000 0x3ffffffff000\n', kinds);
    expect(r).toEqual({ answers: [['-EINVAL']], violations: [] });
  });

  it('v6.6: the same range ends at 0x40010ffff000, past 2^46: -E2BIG before check_pfn_span()', () => {
    const r = replay('profile v6.6\ngeometry x86_64\nadd_pages 0x110000000 0x3ffffffff000\n', kinds);
    expect(r).toEqual({ answers: [['-E2BIG']], violations: [] });
  });

  it('s390, v5.3: 1 PiB at 0x3ffffffff000 starts off a 2 MiB boundary: -EINVAL', () => {
    const r = replay('profile v5.3\ngeometry s390\nadd_pages 0x3ffffffff000 1P\n', kinds);
    expect(r).toEqual({ answers: [['-EINVAL']], violations: [] });
  });

  it('s390, v6.6: 1 PiB at 0x3ffffffff000 ends far past 2^46: -E2BIG', () => {
    const r = replay('profile v6.6\ngeometry s390\nadd_pages 0x3ffffffff000 1P\n', kinds);
    expect(r).toEqual({ answers: [['-E2BIG']], violations: [] });
  });

  it('v6.1: 4 PiB from 0 is past 2^46 (-E2BIG), and the add invariants do not walk its 2^25 sections', () => {
    const r = replay('profile v6.1\nadd_pages 0x0 4P -> -E2BIG\n', kinds);
    expect(r).toEqual({ answers: [['-E2BIG']], violations: [] });
  });

  it('v5.3 and v4.19: the same 4 PiB has no address check; the walk would index past mem_section[]: BUG', () => {
    expect(replay('profile v5.3\nadd_pages 0x0 4P\n', kinds)).toEqual({ answers: [['BUG']], violations: [] });
    expect(replay('profile v4.19\nadd_pages 0x0 4P\n', kinds)).toEqual({ answers: [['BUG']], violations: [] });
  });

  it('v6.1: removing 4 PiB of nothing WARNs once per invalid section, changes nothing, and takes no walk of 2^25 sections', () => {
    const r = replay('profile v6.1\nboot 0x100000 0x3fee0000\nremove_pages 0x40000000 0x3fffc0000000\n', kinds);
    expect(r).toEqual({ answers: [['WARN']], violations: [] });
  });

  it('4K sections: a remove over 16 TiB (2^32 sections) walks only the sections the machine holds', () => {
    // physbits 44 with 4K sections: mem_section[] has 2^32 entries, 2^24 roots of 256
    const text =
      'profile v6.1\ngeometry page=4K section=4K subsection=4K block=4K physbits=44\nboot 0x0 1M\n' +
      'add_pages 0x40000000 1M\nremove_pages 0x0 0xfffffffff000\ndump\n';
    // section 256, just past the boot MiB, was never added: not valid, so the remove WARNs
    expect(replay(text, kinds)).toEqual({ answers: [['ok'], ['WARN'], ['ok']], violations: [] });
  });
});

describe.each(KINDS)('span shrinking across a 15 TiB gap of 4K sections (%s)', (...kinds) => {
  // block 0xf0000000 = 15 TiB / 4 KiB; Normal spans from the boot MiB to it, 2^32 sections of mostly nothing
  const far = 'geometry page=4K section=4K subsection=4K block=4K physbits=44\nboot 0x0 1M\nadd_memory 0xf0000000000 4K\nstate 4026531840 online\n';
  it.each(['v4.10', 'v4.19', 'v5.5', 'v6.1'])('%s: offline and remove of the far block walk only allocated roots', (profile) => {
    const r = replay(`profile ${profile}\n${far}state 4026531840 offline\nremove_memory 0xf0000000000 4K\n`, kinds);
    expect(r).toEqual({ answers: [['ok'], ['ok'], ['ok'], ['ok']], violations: [] });
  });
});

describe.each(KINDS)('more than the model holds is refused as bad input, after the kernel\'s own checks (%s)', (...kinds) => {
  it('boot 0x0 64T: 524,288 sections at boot', () => {
    expect(refusal('profile v6.1\nboot 0x0 64T\ndump\n', kinds)).toBe(
      '<scenario>:2:1: boot memory would make 524,288 sections present; the model holds at most 8,192 so that every step stays within seconds (docs/performance.md)',
    );
  });

  it('a 32 TiB memory block (2^24 sub-sections, each walked by every block operation) is refused with the geometry', () => {
    const text = 'profile v6.1\ngeometry page=4K section=128M block=32T physbits=46\nboot 0x0 1G\ndump\n';
    expect(refusal(text, kinds)).toBe('<scenario>:2:1: a memory block of more than 4096 subsections is more than the model holds (docs/performance.md)');
    // 8 GiB blocks (4,096 sub-sections of 2 MiB) are the largest taken
    expect(replay('profile v6.1\ngeometry page=4K section=128M block=8G physbits=46\nboot 0x0 1G\ndump\n', kinds)).toEqual({ answers: [['ok']], violations: [] });
  });

  it('4K sections with 1 GiB of RAM: 262,144 sections at boot', () => {
    const text = 'profile v6.1\ngeometry page=4K section=4K subsection=4K block=4K physbits=40\nboot 0x0 1G\ndump\n';
    expect(refusal(text, kinds)).toMatch(/^<scenario>:3:1: boot memory would make 262,144 sections present; the model holds at most 8,192 /);
  });

  it('v5.5: add_pages 0x0 64T passes every kernel check; the model refuses its 524,288 sections', () => {
    expect(refusal('profile v5.5\nadd_pages 0x0 64T\n', kinds)).toMatch(/^line 2: the add would make 524,288 sections present; the model holds at most 8,192 /);
  });

  it('v6.1: add_memory 0x0 64T likewise, counting the boot sections it would sit beside', () => {
    const text = 'profile v6.1\nboot 0x100000 0x3fee0000\nadd_memory 0x40000000 0x3fffc0000000\n';
    // 8 boot sections + (2^19 - 8) new ones
    expect(refusal(text, kinds)).toMatch(/^line 3: the add would make 524,288 sections present; /);
  });

  it('a misaligned 64 TiB add is still the kernel\'s -EINVAL, not a refusal', () => {
    expect(replay('profile v5.3\nadd_pages 0x0 0x3ffffffff000\n', kinds)).toEqual({ answers: [['-EINVAL']], violations: [] });
  });
});

describe('the bound itself', () => {
  it('is 2^19 sub-sections, a section weighing at least 64: 8,192 sections on x86_64 and ppc64, 4,096 on s390, 2,048 on arm64-64k', () => {
    // x86_64 64 sub-sections a section, ppc64 8 (weighs 64), s390 128, arm64-64k 256
    expect(['x86_64', 'ppc64', 's390', 'arm64-64k'].map((g) => maxHeldSections(presetGeometry(g)!))).toEqual([8192, 8192, 4096, 2048]);
  });

  // a machine at the real bound costs what the bench's worst-step group measures; the counting is the same at 4
  it.each(KINDS)('counts the sections held after the add: one past the limit is refused, re-adding is not counted (%s)', (...kinds) => {
    const scenario = parseScenario('profile v6.1\nadd_pages 0x0 512M\nadd_pages 0x8000000 128M\nadd_pages 0x20000000 128M\n');
    const setup = { ...machineFor(scenario), heldSectionLimit: 4 };
    // sections 0-3 fill the limit; section 1 again is -EEXIST and adds none; section 4 would be the fifth
    let r: ReturnType<typeof replaySteps> | undefined;
    expect(() => {
      r = replaySteps(setup, scenario.steps, kinds);
    }).toThrow(new CapacityError('line 4: the add would make 5 sections present; the model holds at most 4 so that every step stays within seconds (docs/performance.md)'));
    expect(r).toBeUndefined();
    const twoSteps = replaySteps(setup, scenario.steps.slice(0, 2), kinds);
    expect(twoSteps.steps.map((s) => s.result.outcomes.map((o) => o.outcome))).toEqual([kinds.map(() => 'ok'), kinds.map(() => '-EEXIST')]);
  });
});
