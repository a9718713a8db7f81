/**
 * Each bug switch against the spec on a small sequence (v5.3, x86_64): the
 * first expectation is the spec's answer, the second the deviation the
 * switch's description promises. Values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { BUG_SWITCHES, type BugName } from '../../../model/bugs.ts';
import { canonicalObservation } from '../../../model/observation.ts';
import type { Implementation } from '../../../model/implementation.ts';
import type { BootRange } from '../../../model/step.ts';
import { FULL64, MiB, add, bootSec, fail, hotSec, machine, query, remove, sec, sectionOf } from '../../helpers/optimized.ts';

const S32 = 0x100000000;
const SMALL_BOOT: readonly BootRange[] = [{ start: 0, size: 48 * MiB, nid: 0 }]; // section 0, sub-sections 0..23

function pair(bug: BugName, boot?: readonly BootRange[]): { spec: Implementation; buggy: Implementation } {
  return {
    spec: machine(boot === undefined ? {} : { boot }),
    buggy: machine(boot === undefined ? { bugs: [bug] } : { boot, bugs: [bug] }),
  };
}

describe('optimized: bug switches', () => {
  it('covers every switch in model/bugs.ts', () => {
    const tested: readonly BugName[] = [
      'swallow-eexist',
      'partial-deactivate',
      'enomem-keeps-subsections',
      'einval-leaks-usage',
      'free-boot-usage',
      'valid-after-empty',
      'early-partial-depopulate',
      'pfn-valid-section-only',
      'memmap-not-depopulated',
      'query-allocates-root',
      'mask-last-subsection',
      // blocks-and-zones switches: test/model/optimized/hotplug-bugs.test.ts
      'shrink-by-section',
      'no-shrink-on-offline',
      'offline-keeps-present',
      'online-ignores-veto-rollback',
      'remove-online-block',
      'node-span-not-hull',
      'valid-zones-order',
      'empty-zone-keeps-start',
      'span-grows-up-only',
      'offline-keeps-section-online',
      'remove-reads-zone',
      'node-start-zero',
      // pinned by regressions/ entries: each is replayed with the switch on and found from
      // scratch in test/regressions/regressions.test.ts
      'shrink-reads-offline',
      'offline-node-scan',
      'subsection-without-vmemmap',
      'zone-intersects-end',
      'shrink-at-remove',
      'valid-zones-first-page',
      'movable-node-ignored',
      'nr-zones-last',
      'memmap-pointer-cleared-first',
      'poison-before-section-init',
      'present-outside-lock',
      'offline-zone-before-holes',
      'vmemmap-flags-before-init',
      'usage-freed-while-valid',
      'add-error-drops-altmap',
      'memory-failure-pfn-valid',
      'block-error-drops-altmap',
      // historical profiles: test/model/optimized/historical-bugs.test.ts
      'zone-can-shift-int',
      'shift-keeps-old-span',
      'shift-any-block',
      'movable-below-normal',
      'valid-zones-ignores-allow',
      // modern switches: test/model/optimized/modern-bugs.test.ts
      'vmemmap-to-buddy',
      'altmap-leak',
      'auto-movable-all-kernel-pages',
      'online-page-any-subsection',
      'online-page-device',
      // caught by its pinned scenario (scenarios/examples/dynamic-memory-group.scn), test/checks/bug-switches.test.ts
      'dynamic-groups-ignored',
      // caught by its pinned scenario (scenarios/bugs/dynamic-group-needs-ignored.scn), test/checks/bug-switches.test.ts
      'dynamic-group-needs-ignored',
      // breaks the incremental observation, not a rule: test/checks/incremental-observation.test.ts
      'hwpoison-count-unmarked',
      // caught by its pinned scenario (scenarios/examples/dax-kmem.scn), test/checks/bug-switches.test.ts;
      // its invariant failing on it: test/engine/driver-managed.test.ts
      'kmem-plain-system-ram',
      // caught by their pinned scenarios (scenarios/bugs/virtio-mem-*.scn), test/checks/bug-switches.test.ts and test/model/virtio-mem.test.ts
      'virtio-mem-round-up',
      'virtio-mem-keeps-empty-block',
      // caught by its pinned scenario (scenarios/bugs/pfn-namespace-too-small.scn), test/checks/bug-switches.test.ts
      'pfn-size-unchecked',
    ];
    expect([...tested].sort()).toEqual(BUG_SWITCHES.map((b) => b.name).sort());
  });

  it('with every switch off the machine is the spec machine', () => {
    const a = machine();
    const b = machine({ bugs: [] });
    for (const m of [a, b]) {
      m.apply(add(S32, 2 * MiB));
      m.apply(remove(S32, 4 * MiB));
    }
    expect(canonicalObservation(a.observe())).toBe(canonicalObservation(b.observe()));
  });

  // v5.3 walks section by section, v5.5 pfn by pfn (addLoop): the switch behaves the same in both
  it.each(['v5.3', 'v5.5'])('swallow-eexist (%s): a colliding chunk is skipped and the walk goes on to answer ok', (profile) => {
    const spec = machine({ profile });
    const buggy = machine({ profile, bugs: ['swallow-eexist'] });
    for (const m of [spec, buggy]) m.apply(add(S32 + 128 * MiB, 2 * MiB)); // section 33, sub-section 0
    expect(spec.apply(add(S32, 384 * MiB))).toBe('-EEXIST');
    // a bare __add_pages() keeps what it added before the collision; it never reaches 34
    expect(sectionOf(spec.observe(), 32)).toEqual(hotSec(32, FULL64));
    expect(sectionOf(spec.observe(), 34)).toBeUndefined();
    expect(buggy.apply(add(S32, 384 * MiB))).toBe('ok');
    const o = buggy.observe();
    expect(sectionOf(o, 32)).toEqual(hotSec(32, FULL64));
    expect(sectionOf(o, 33)).toEqual(hotSec(33, '0x1'));
    expect(sectionOf(o, 34)).toEqual(hotSec(34, FULL64));
    // another error still stops it: 33 and 34 collide (skipped), 35 takes the memmap fault, 36 is never reached
    buggy.apply(fail('memmap'));
    expect(buggy.apply(add(S32 + 128 * MiB, 512 * MiB))).toBe('-ENOMEM');
    expect(sectionOf(buggy.observe(), 35)).toBeUndefined();
    expect(sectionOf(buggy.observe(), 36)).toBeUndefined();
  });

  it('partial-deactivate: a half-active range is cleared where active, no WARN', () => {
    const { spec, buggy } = pair('partial-deactivate');
    for (const m of [spec, buggy]) m.apply(add(S32, 2 * MiB));
    expect(spec.apply(remove(S32, 4 * MiB))).toBe('WARN');
    expect(sectionOf(spec.observe(), 32)).toEqual(hotSec(32, '0x1'));
    expect(buggy.apply(remove(S32, 4 * MiB))).toBe('ok');
    expect(sectionOf(buggy.observe(), 32)).toBeUndefined();
    // a range with no usage at all still WARNs
    expect(buggy.apply(remove(S32, 2 * MiB))).toBe('WARN');
  });

  it('enomem-keeps-subsections: the failed chunk stays in the map, so a retry collides', () => {
    const { spec, buggy } = pair('enomem-keeps-subsections');
    for (const m of [spec, buggy]) m.apply(fail('memmap'));
    expect(spec.apply(add(S32, 2 * MiB))).toBe('-ENOMEM');
    expect(sectionOf(spec.observe(), 32)).toBeUndefined();
    expect(buggy.apply(add(S32, 2 * MiB))).toBe('-ENOMEM');
    expect(sectionOf(buggy.observe(), 32)).toEqual(sec(32, { usage: 'hotplug', subsectionMap: '0x1' }));
    expect(spec.apply(add(S32, 2 * MiB))).toBe('ok');
    expect(buggy.apply(add(S32, 2 * MiB))).toBe('-EEXIST');
  });

  it('einval-leaks-usage: an empty add leaves a hotplug usage with an empty map', () => {
    const { spec, buggy } = pair('einval-leaks-usage');
    expect(spec.apply(add(S32 + 2 * MiB, 0))).toBe('-EINVAL');
    expect(sectionOf(spec.observe(), 32)).toBeUndefined();
    expect(buggy.apply(add(S32 + 2 * MiB, 0))).toBe('-EINVAL');
    expect(sectionOf(buggy.observe(), 32)).toEqual(sec(32, { usage: 'hotplug' }));
    // an -EEXIST still frees the fresh usage: only -EINVAL leaks
    const m = machine({ bugs: ['einval-leaks-usage'], boot: SMALL_BOOT });
    expect(m.apply(add(0, 2 * MiB))).toBe('-EEXIST');
    expect(m.observe().sections).toEqual([bootSec(0, '0xffffff')]);
  });

  it('free-boot-usage: emptying an early section frees its boot usage too', () => {
    const { spec, buggy } = pair('free-boot-usage', SMALL_BOOT);
    expect(spec.apply(remove(0, 48 * MiB))).toBe('ok');
    expect(spec.observe().sections).toEqual([sec(0, { usage: 'boot' })]);
    expect(buggy.apply(remove(0, 48 * MiB))).toBe('ok');
    expect(buggy.observe().sections).toEqual([]);
    expect(buggy.observe().roots).toEqual([0]);
    // the freed usage is not a hotplug one: a later add gets a hotplug usage, not that one back
    expect(buggy.apply(add(0, 2 * MiB))).toBe('ok');
    expect(sectionOf(buggy.observe(), 0)?.usage).toBe('hotplug');
  });

  it('valid-after-empty: the emptied section stays valid and present without a usage', () => {
    const { spec, buggy } = pair('valid-after-empty');
    for (const m of [spec, buggy]) m.apply(add(S32, 2 * MiB, 3));
    expect(spec.apply(remove(S32, 2 * MiB))).toBe('ok');
    expect(sectionOf(spec.observe(), 32)).toBeUndefined();
    expect(spec.apply(query('valid_section', S32))).toBe('false');
    expect(buggy.apply(remove(S32, 2 * MiB))).toBe('ok');
    expect(sectionOf(buggy.observe(), 32)).toEqual(sec(32, { nid: 3, present: true, hasMemMap: true }));
    expect(buggy.apply(query('valid_section', S32))).toBe('true');
    expect(buggy.apply(query('pfn_valid', S32))).toBe('false');
  });

  it('early-partial-depopulate: removing a filled hole frees that part of the boot memmap', () => {
    const { spec, buggy } = pair('early-partial-depopulate', SMALL_BOOT);
    for (const m of [spec, buggy]) {
      expect(m.apply(add(48 * MiB, 2 * MiB))).toBe('ok'); // sub-section 24, boot memmap reused
      expect(m.apply(remove(48 * MiB, 2 * MiB))).toBe('ok');
    }
    expect(spec.observe().sections).toEqual([bootSec(0, '0xffffff')]);
    // bit 24 (nibble 6 = 0xe) gone from the boot memmap; pfn_valid of an early section ignores both
    expect(buggy.observe().sections).toEqual([{ ...bootSec(0, '0xffffff'), memmapBoot: '0xfffffffffeffffff' }]);
  });

  it('pfn-valid-section-only: every pfn of a partly hot-added section is valid', () => {
    const { spec, buggy } = pair('pfn-valid-section-only');
    for (const m of [spec, buggy]) m.apply(add(S32, 2 * MiB));
    expect(spec.apply(query('pfn_valid', S32 + 2 * MiB))).toBe('false');
    expect(sectionOf(spec.observe(), 32)?.pfnValid).toBe('0x1');
    expect(buggy.apply(query('pfn_valid', S32 + 2 * MiB))).toBe('true');
    expect(sectionOf(buggy.observe(), 32)).toEqual({ ...hotSec(32, '0x1'), pfnValid: FULL64 });
  });

  it('mask-last-subsection: multi-sub-section chunks lose their top bit, at add and at boot', () => {
    const { spec, buggy } = pair('mask-last-subsection');
    expect(spec.apply(add(S32, 4 * MiB))).toBe('ok');
    expect(sectionOf(spec.observe(), 32)).toEqual(hotSec(32, '0x3'));
    expect(buggy.apply(add(S32, 4 * MiB))).toBe('ok');
    expect(sectionOf(buggy.observe(), 32)).toEqual(hotSec(32, '0x1'));
    // one-sub-section chunks are untouched, so the dropped bit can be added again
    expect(buggy.apply(add(S32 + 2 * MiB, 2 * MiB))).toBe('ok');
    expect(sectionOf(buggy.observe(), 32)).toEqual(hotSec(32, '0x3'));
    // subsection_map_init() uses the same helper: boot maps lose bit 63 (the boot memmap does not)
    expect(sectionOf(buggy.observe(), 0)).toEqual(bootSec(0, '0x7fffffffffffffff'));
  });

  it('memmap-not-depopulated: a partial removal leaves its vmemmap behind', () => {
    const { spec, buggy } = pair('memmap-not-depopulated');
    for (const m of [spec, buggy]) {
      expect(m.apply(add(S32, 4 * MiB))).toBe('ok');
      expect(m.apply(remove(S32, 2 * MiB))).toBe('ok');
    }
    expect(sectionOf(spec.observe(), 32)).toEqual(hotSec(32, '0x2'));
    expect(sectionOf(buggy.observe(), 32)).toEqual({ ...hotSec(32, '0x2'), memmapHotplug: '0x3' });
    for (const m of [spec, buggy]) expect(m.apply(remove(S32 + 2 * MiB, 2 * MiB))).toBe('ok');
    // the emptying removal frees its own chunk, but sub-section 0's struct pages are never given back
    expect(sectionOf(spec.observe(), 32)).toBeUndefined();
    expect(sectionOf(buggy.observe(), 32)).toEqual(sec(32, { memmapHotplug: '0x1' }));
  });

  it('query-allocates-root: a query under a missing root allocates it', () => {
    const { spec, buggy } = pair('query-allocates-root');
    for (const m of [spec, buggy]) {
      expect(m.apply(query('pfn_valid', 0x800000000))).toBe('false'); // section 256, root 1
      expect(m.apply(query('online_section', 0x400000000000))).toBe('false'); // past mem_section[]
    }
    expect(spec.observe().roots).toEqual([0]);
    expect(buggy.observe().roots).toEqual([0, 1]);
    expect(buggy.observe().sections.length).toBe(8);
    // and it takes an armed root fault with it
    buggy.apply(fail('root'));
    expect(buggy.apply(query('valid_section', 0x1000000000))).toBe('false'); // root 2: the fault fires here
    expect(buggy.apply(add(0x1000000000, 2 * MiB))).toBe('ok');
    expect(buggy.observe().roots).toEqual([0, 1, 2]);
  });

  it('query-allocates-root: section 0 is asked like any other (boot memory in root 1 only)', () => {
    const { spec, buggy } = pair('query-allocates-root', [{ start: 0x800000000, size: 128 * MiB, nid: 0 }]);
    for (const m of [spec, buggy]) expect(m.apply(query('pfn_valid', 0))).toBe('false');
    expect(spec.observe().roots).toEqual([1]);
    expect(buggy.observe().roots).toEqual([0, 1]);
  });

  it('subsection-without-vmemmap: the 2M add goes in, and without VMEMMAP pfn_valid() trusts the whole section', () => {
    // pfn_section_valid() is 1 without CONFIG_SPARSEMEM_VMEMMAP: the classic memmap is one allocation per
    // section, so the sub-section map (one bit here) is never asked
    const boot: readonly BootRange[] = [{ start: 0, size: 1024 * MiB, nid: 0 }];
    const spec = machine({ profile: 'v5.5', config: { vmemmap: false }, boot });
    const buggy = machine({ profile: 'v5.5', config: { vmemmap: false }, boot, bugs: ['subsection-without-vmemmap'] });
    expect(spec.apply(add(0x140000000, 2 * MiB))).toBe('-EINVAL');
    expect(buggy.apply(add(0x140000000, 2 * MiB))).toBe('ok');
    expect(sectionOf(buggy.observe(), 40)?.subsectionMap).toBe('0x1');
    expect(sectionOf(buggy.observe(), 40)?.pfnValid).toBe(FULL64);
    expect(buggy.apply(query('pfn_valid', 0x140200000))).toBe('true');
  });
});
