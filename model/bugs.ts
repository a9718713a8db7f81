/**
 * Deliberately broken variants of the optimized implementation. Each is a
 * plausible kernel-style mistake; the test suite shows that the check named
 * in `caughtBy` fails when the switch is on. Several are the pre-fix
 * behaviour of a real kernel bug (the `kernelBug` id, a B-n of regressions/README.md).
 *
 * Two kinds. A switch with `overrides` is an older rule value given to the
 * optimized implementation alone (the reference and the checks keep the
 * profile's): model code never asks for it. Every other switch is a coding
 * mistake no rule describes, asked for where it acts (`ctx.bugs.has`); its
 * `mistake` line says why it is not a rule.
 */
import type { RuleValues } from './profile.ts';

export interface BugSwitch {
  readonly name: string;
  readonly describe: string;
  /** Catalogue id (B-n, regressions/README.md) when the switch reproduces a real bug. */
  readonly kernelBug?: string;
  /** Name of the invariant (or "differential") that must catch it. */
  readonly caughtBy: string;
  /** The profile where the mistake can show (default: the newest). */
  readonly profile?: string;
  /** `sparse` when only sparse-layer sequences reach it (removing boot memory's sections). */
  readonly layer?: 'sparse';
  /**
   * A scenario that shows the switch caught, for a switch the random
   * generation does not reach yet (its state needs several rare steps at once).
   */
  readonly pinned?: string;
  /**
   * The regressions/ entry that pins this switch: its own seed and budget show it found
   * from scratch (test/regressions), so the generic from-scratch sweep leaves it out.
   */
  readonly regression?: string;
  /** Rule values the optimized implementation runs with instead of the profile's. */
  readonly overrides?: Partial<RuleValues>;
  /** For a switch without `overrides`: why it is a coding mistake and not an older rule. */
  readonly mistake?: string;
}

export const BUG_SWITCHES = [
  {
    name: 'swallow-eexist',
    describe: '__add_pages treats -EEXIST from sparse_add_section as success and goes on (the pre-v5.3 loop kept in v5.3)',
    kernelBug: 'B-27',
    caughtBy: 'subsection-collision',
    mistake: 'the -EEXIST handling of whole-section adds kept in the sub-section loop: no release swallows a sub-section collision',
  },
  {
    name: 'partial-deactivate',
    describe: 'section_deactivate clears the active part of a range that is not fully active instead of WARNing',
    caughtBy: 'subsection-remove',
    mistake: 'no release clears part of a range that is not fully active; every one WARNs and changes nothing',
  },
  {
    name: 'enomem-keeps-subsections',
    describe: 'a failed memmap allocation leaves the chunk\'s sub-sections marked active',
    caughtBy: 'add-prefix',
    mistake: 'an error path that skips its undo',
  },
  {
    name: 'einval-leaks-usage',
    describe: 'section_activate keeps a freshly allocated usage when it answers -EINVAL',
    caughtBy: 'usage-lifetime',
    // Only the v5.3 section walk hands section_activate an empty chunk.
    profile: 'v5.3',
    mistake: 'an error path that forgets to free what it allocated',
  },
  {
    name: 'free-boot-usage',
    describe: 'section_deactivate frees a boot-allocated usage when the map empties',
    kernelBug: 'B-28',
    caughtBy: 'boot-usage-kept',
    layer: 'sparse',
    mistake: 'frees memory the allocator never handed out (B-28), which no release means to do',
  },
  {
    name: 'valid-after-empty',
    describe: 'SECTION_HAS_MEM_MAP stays set after the sub-section map empties and usage is freed',
    kernelBug: 'B-13',
    caughtBy: 'valid-needs-usage',
    mistake: 'a forgotten step of section_deactivate() (B-13)',
  },
  {
    name: 'early-partial-depopulate',
    describe: 'removing sub-sections of an early section frees that part of the boot memmap',
    kernelBug: 'B-14',
    caughtBy: 'early-memmap-whole',
    mistake: 'frees part of a boot memmap that is only ever freed whole (B-14)',
  },
  {
    name: 'pfn-valid-section-only',
    describe: 'pfn_valid() answers valid_section() for hot-added sections, ignoring the sub-section map',
    caughtBy: 'pfn-valid-exact',
    mistake: 'ignores the sub-section map that every sub-section release tests',
  },
  {
    name: 'memmap-not-depopulated',
    describe: 'removing sub-sections of a hot-added section leaves their vmemmap populated (a leak)',
    caughtBy: 'memmap-matches-map',
    mistake: 'a leak: no release keeps the memmap of removed sub-sections',
  },
  {
    name: 'query-allocates-root',
    describe: 'a section lookup for a query allocates the missing mem_section root, as sparse_index_init() would',
    caughtBy: 'queries-change-nothing',
    mistake: 'a look-up with a side effect',
  },
  {
    name: 'mask-last-subsection',
    describe: 'subsection_mask_set() leaves out the last sub-section of a chunk',
    caughtBy: 'differential',
    mistake: 'an off-by-one in a bitmap helper',
  },
  {
    name: 'shrink-by-section',
    describe: 'v5.5 shrink_zone_span() steps by section instead of sub-section, so a partly online section is skipped',
    caughtBy: 'exact-shrink',
    profile: 'v5.5',
    pinned: 'scenarios/bugs/shrink-by-section.scn',
    mistake: 'the wrong step in the offline shrink walk, which no release took',
  },
  {
    name: 'no-shrink-on-offline',
    describe: 'v5.5 offline poisons the memmap but does not shrink the zone span',
    caughtBy: 'exact-shrink',
    profile: 'v5.5',
    mistake: 'drops the offline shrink without the remove-time one: no release shrinks at neither (hotplug.shrinkAt is remove or offline)',
  },
  {
    name: 'offline-keeps-present',
    describe: "offline_pages() forgets to subtract the offlined pages from the zone's present_pages",
    caughtBy: 'present-counts-online',
    profile: 'v5.5',
    mistake: 'a forgotten counter update',
  },
  {
    name: 'online-ignores-veto-rollback',
    describe: 'a v5.5 online vetoed by MEM_GOING_ONLINE leaves the zone span grown and the memmap initialised',
    caughtBy: 'failure-changes-nothing',
    profile: 'v5.5',
    overrides: { failedOnline: 'keep-span' },
  },
  {
    name: 'remove-online-block',
    describe: 'remove_memory() does not check that every memory block of the range is offline',
    caughtBy: 'remove-requires-offline',
    mistake: 'a missing check that every release makes',
  },
  {
    name: 'node-span-not-hull',
    describe: 'update_pgdat_span() leaves ZONE_MOVABLE out of the node span',
    caughtBy: 'node-span-hull',
    profile: 'v5.5',
    mistake: 'a node span that leaves out one of its zones, in no release',
  },
  {
    name: 'valid-zones-order',
    describe: 'valid_zones of an offline block lists Movable before the default zone',
    caughtBy: 'valid-zones-agree',
    profile: 'v5.5',
    mistake: 'lists zones in an order no release prints',
  },
  {
    name: 'empty-zone-keeps-start',
    describe: 'shrink_zone_span() empties a zone but leaves zone_start_pfn where it was',
    kernelBug: 'B-21',
    caughtBy: 'span-ordering',
    profile: 'v5.5',
    mistake: 'a forgotten reset when a zone empties (B-21)',
  },
  {
    name: 'span-grows-up-only',
    describe: 'resize_zone_range() moves the zone end but never the start, so an online below the zone falls outside it',
    caughtBy: 'span-covers-online',
    mistake: 'a one-sided resize, in no release',
  },
  {
    name: 'offline-keeps-section-online',
    describe: 'offline_pages() forgets offline_mem_sections(): SECTION_IS_ONLINE stays set',
    caughtBy: 'block-consistency',
    mistake: 'a forgotten call',
  },
  {
    name: 'remove-reads-zone',
    describe: 'v5.5 remove_memory() still reads the zone of the first page, as arch_remove_memory() did before',
    kernelBug: 'B-5',
    caughtBy: 'no-uninit-memmap-read',
    profile: 'v5.5',
    mistake: 'keeps one read of the remove-time shrink while shrinking at offline (B-5): part of both hotplug.shrinkAt values, which no release had',
  },
  {
    name: 'node-start-zero',
    describe: 'update_pgdat_span() starts from node_start_pfn = 0 and never skips empty zones, so a node keeps spanning from pfn 0',
    kernelBug: 'B-6',
    caughtBy: 'node-span-hull',
    regression: 'B-6',
    profile: 'v5.5',
    mistake: 'a wrong initial value in update_pgdat_span() (B-6)',
  },
  {
    name: 'shrink-reads-offline',
    describe: 'the zone shrink walkers test pfn_valid() instead of pfn_to_online_page() and read the memmap of offline sections',
    kernelBug: 'B-7',
    caughtBy: 'no-uninit-memmap-read',
    regression: 'B-7',
    profile: 'v5.5',
    overrides: { shrinkWalker: 'pfn_valid' },
  },
  {
    name: 'offline-node-scan',
    describe: 'try_offline_node() scans the node span for present sections instead of looking at spans and memory blocks',
    kernelBug: 'B-9',
    caughtBy: 'node-online-while-used',
    regression: 'B-9',
    profile: 'v5.5',
    overrides: { offlineNode: 'scan' },
  },
  {
    name: 'subsection-without-vmemmap',
    describe: 'check_pfn_span() allows sub-section ranges without SPARSEMEM_VMEMMAP, where the memmap cannot be split',
    kernelBug: 'B-16',
    caughtBy: 'differential',
    regression: 'B-16',
    mistake: 'a missing config test (B-16): the memmap cannot be split without SPARSEMEM_VMEMMAP in any release',
  },
  {
    name: 'zone-intersects-end',
    describe: 'zone_intersects() answers true for a range that starts right at the end of the zone',
    kernelBug: 'B-20',
    caughtBy: 'differential',
    regression: 'B-20',
    profile: 'v5.5',
    mistake: 'an off-by-one at the zone end (B-20)',
  },
  {
    name: 'shrink-at-remove',
    describe: 'v5.5 remove_memory() still shrinks zone and node spans at hot-remove, reading the zone of never-onlined memory',
    kernelBug: 'B-29',
    caughtBy: 'no-uninit-memmap-read',
    regression: 'B-29',
    profile: 'v5.5',
    mistake: 'shrinks at hot-remove and at offline: both hotplug.shrinkAt values at once, which no release had (B-29)',
  },
  {
    name: 'valid-zones-first-page',
    describe: "reading memoryN/valid_zones of an online block reads the zone of the block's first pfn, even in a hole without struct pages",
    kernelBug: 'B-2',
    caughtBy: 'no-uninit-memmap-read',
    regression: 'B-2',
    profile: 'v5.5',
    mistake: 'reads a struct page that may lie in a hole (B-2)',
  },
  {
    name: 'movable-node-ignored',
    describe: 'with movable_node, new memory that overlaps no zone still defaults to the kernel zone (the rule before v4.13)',
    kernelBug: 'B-4',
    caughtBy: 'differential',
    regression: 'B-4',
    profile: 'v5.5',
    mistake: 'no hotplug.onlineZone value has it: movable_node came with zone_for_pfn_range() (c6f03e2903c9), and B-4 was a bug in it',
  },
  {
    name: 'nr-zones-last',
    describe: 'init_currently_empty_zone() sets pgdat->nr_zones to the index of the zone just initialised + 1, even when a higher zone is populated',
    kernelBug: 'B-19',
    caughtBy: 'nr-zones-covers',
    regression: 'B-19',
    mistake: 'overwrites a maximum with the last value (B-19)',
  },
  {
    name: 'memmap-pointer-cleared-first',
    describe: 'section_deactivate() resets section_mem_map before freeing the classic memmap it finds through pfn_to_page()',
    kernelBug: 'B-11',
    caughtBy: 'kernel-ordering',
    regression: 'B-11',
    mistake: 'two steps in the wrong order (B-11)',
  },
  {
    name: 'poison-before-section-init',
    describe: 'sparse_add_section() poisons the new struct pages through pfn_to_page() before sparse_init_one_section() sets section_mem_map',
    kernelBug: 'B-12',
    caughtBy: 'kernel-ordering',
    regression: 'B-12',
    mistake: 'two steps in the wrong order (B-12)',
  },
  {
    name: 'present-outside-lock',
    describe: "online_pages() adds the onlined pages to the zone's present count after mem_hotplug_done()",
    kernelBug: 'B-23',
    caughtBy: 'kernel-ordering',
    regression: 'B-23',
    mistake: 'an update outside the lock that orders it (B-23)',
  },
  {
    name: 'zone-can-shift-int',
    describe: 'zone_can_shift() answers "no shift" for a refused move (the v4.9 int form), so online_movable of a Normal block that is not the last one succeeds into Normal',
    kernelBug: 'B-1',
    caughtBy: 'online-type-honoured',
    profile: 'v4.10',
    mistake: 'an int answer read as a bool (B-1), fixed before any release a profile models',
  },
  {
    name: 'shift-keeps-old-span',
    describe: 'move_pfn_range_left/right() grow the receiving zone but leave the block in the old zone\'s span, so Normal and Movable overlap',
    caughtBy: 'normal-before-movable',
    profile: 'v4.10',
    mistake: 'grows one zone without shrinking the other, in no release',
  },
  {
    name: 'shift-any-block',
    describe: 'zone_can_shift() and move_pfn_range_right/left() skip the zone-edge test, so a block in the middle of a zone moves and drags the zone edge with it',
    caughtBy: 'shift-at-edge',
    profile: 'v4.10',
    mistake: 'a missing zone-edge test, in no release',
  },
  {
    name: 'movable-below-normal',
    describe: 'allow_online_pfn_range() lets online_movable through when the default kernel zone starts (rather than ends) at or below the block',
    caughtBy: 'normal-before-movable',
    profile: 'v4.13',
    mistake: 'compares the zone start where the end is meant',
  },
  {
    name: 'valid-zones-ignores-allow',
    describe: 'v4.13 valid_zones of an offline block lists the kernel zone and Movable without asking allow_online_pfn_range()',
    caughtBy: 'valid-zones-agree',
    profile: 'v4.13',
    mistake: 'prints zones without asking the test that online asks',
  },
  {
    name: 'vmemmap-to-buddy',
    describe: 'online hands the pages of a self-hosted memmap to the buddy allocator (managed), as freeing them through the wrong allocator would',
    caughtBy: 'vmemmap-not-managed',
    profile: 'v6.7',
    mistake: 'hands pages to the wrong allocator',
  },
  {
    name: 'altmap-leak',
    describe: 'remove_memory() removes the memory blocks but never frees their altmaps',
    kernelBug: 'B-25',
    caughtBy: 'altmap-lifetime',
    profile: 'v6.7',
    mistake: 'a leak at remove (B-25)',
  },
  {
    name: 'auto-movable-all-kernel-pages',
    describe: 'auto_movable_can_online_movable() weighs MOVABLE against every kernel present page, hot-added ones included, instead of the early ones',
    caughtBy: 'auto-movable-ratio',
    profile: 'v6.1',
    mistake: 'counts the wrong kernel pages in the auto-movable ratio',
  },
  {
    name: 'online-page-device',
    describe: 'pfn_to_online_page() never looks for a ZONE_DEVICE pagemap in an online section, so a device pfn sharing it is answered as an online page',
    kernelBug: 'B-17',
    caughtBy: 'differential',
    pinned: 'regressions/B-17-pfn-to-online-page-device/scenario.scn',
    profile: 'v6.1',
    mistake: 'half of modern.onlinePage = subsection-and-pgmap (without 1f90a3477df3\'s test): no release had one test without the other (B-17)',
  },
  {
    name: 'online-page-any-subsection',
    describe: "pfn_to_online_page() trusts the section's online bit alone, so a hole of an online early section is answered as an online page",
    kernelBug: 'B-18',
    caughtBy: 'differential',
    regression: 'B-18',
    profile: 'v6.1',
    mistake: 'half of modern.onlinePage = subsection-and-pgmap (without 9f9b02e5b346\'s test): no release had one test without the other (B-18)',
  },
  {
    name: 'offline-zone-before-holes',
    describe: "memory_block_offline() reads the zone of the block's first pfn before offline_pages() refuses a block with holes, so a hole's uninitialised struct page is read",
    kernelBug: 'B-22',
    caughtBy: 'no-uninit-memmap-read',
    regression: 'B-22',
    profile: 'v6.1',
    mistake: 'reads a struct page before the test that would refuse the block (B-22)',
  },
  {
    name: 'vmemmap-flags-before-init',
    describe: "online tests PageVmemmap() on a self-hosted memmap's own struct pages before mhp_init_memmap_on_memory() initialised them (the v3 review concern of seed 003)",
    kernelBug: 'B-30',
    caughtBy: 'no-uninit-memmap-read',
    regression: 'B-30',
    profile: 'v6.1',
    mistake: 'reads struct pages before they are initialised (B-30)',
  },
  {
    name: 'usage-freed-while-valid',
    describe: 'section_deactivate() frees ms->usage before it clears SECTION_HAS_MEM_MAP, as before 5ec8e8ea8b77, so a pfn_valid() in between reads a freed usage',
    kernelBug: 'B-31',
    caughtBy: 'usage-outlives-valid',
    regression: 'B-31',
    profile: 'v6.12',
    overrides: { usageFree: 'free-then-invalidate' },
  },
  {
    name: 'add-error-drops-altmap',
    describe: 'when create_memory_block_devices() fails, add_memory_resource() calls arch_remove_memory() without the altmap, so a self-hosted memmap is freed into the buddy allocator (before f42ce5f087eb)',
    kernelBug: 'B-24',
    caughtBy: 'vmemmap-not-to-buddy',
    regression: 'B-24',
    profile: 'v6.1',
    mistake: 'an error path that forgets the altmap (B-24); the profiles model that path fixed',
  },
  {
    name: 'block-error-drops-altmap',
    describe: 'when create_memory_block_devices() fails for one block, create_altmaps_and_memory_blocks() calls arch_remove_memory() for it without its altmap (v6.7 until the 2026 fix)',
    kernelBug: 'B-25',
    caughtBy: 'vmemmap-not-to-buddy',
    regression: 'B-25',
    profile: 'v7.3',
    mistake: 'an error path that forgets the altmap (B-25); the profiles model that path fixed',
  },
  {
    name: 'memory-failure-pfn-valid',
    describe: 'memory_failure() asks pfn_valid() instead of pfn_to_online_page(), so a pfn of never-onlined memory gets its uninitialised struct page read (before 96c804a6ae8c)',
    kernelBug: 'B-10',
    caughtBy: 'no-uninit-memmap-read',
    regression: 'B-10',
    profile: 'v5.5',
    overrides: { memoryFailure: 'pfn_valid' },
  },
  {
    name: 'virtio-mem-round-up',
    describe: 'the virtio-mem driver rounds a plug request up to whole sub-blocks instead of down, so a request that is no whole number of sub-blocks plugs past it',
    caughtBy: 'virtio-mem-toward-request',
    profile: 'v5.10',
    pinned: 'scenarios/bugs/virtio-mem-round-up.scn',
    mistake: 'every release divides the difference by the sub-block size, rounding down (virtio_mem_plug_request())',
  },
  {
    name: 'virtio-mem-keeps-empty-block',
    describe: 'the virtio-mem driver leaves an offline block whose last sub-block it unplugged added to Linux instead of removing it',
    caughtBy: 'virtio-mem-plugged-added',
    profile: 'v6.12',
    pinned: 'scenarios/bugs/virtio-mem-keeps-empty-block.scn',
    mistake: 'an unplug path that skips the removal every release makes (virtio_mem_sbm_unplug_any_sb_offline())',
  },
  {
    name: 'dynamic-groups-ignored',
    describe: 'auto_movable_can_online_movable() leaves dynamic memory groups out: neither the early kernel pages other groups need nor the kernel pages of the asking group count (the v5.15 policy without memory groups)',
    caughtBy: 'differential',
    profile: 'v6.12',
    pinned: 'scenarios/examples/dynamic-memory-group.scn',
    mistake: 'the auto-movable policy without memory groups is in no release: both came in v5.15 (028fc57a1c36, e83a437faa62)',
  },
  {
    name: 'dynamic-group-needs-ignored',
    describe: 'auto_movable_stats_account_group() takes the other dynamic groups\' MOVABLE off but not the early kernel pages they need for it, so a second virtio-mem device weighs its units against early pages the first one already uses',
    caughtBy: 'auto-movable-ratio',
    profile: 'v6.12',
    pinned: 'scenarios/bugs/dynamic-group-needs-ignored.scn',
    mistake: 'takes one part of a group\'s accounting off and not the other',
  },
  {
    name: 'hwpoison-count-unmarked',
    describe: 'memory_failure() counts the poisoned page in the block\'s nr_hwpoison without setting the block\'s dirty bit, so the incremental observation keeps showing the count as it was',
    caughtBy: 'differential',
    mistake: 'a writer that forgets the dirty bit beside what it writes: a fault of this model\'s incremental observation (model/touched.ts), not of a kernel; the full observation every 32 steps and at the end of a run catches it alone (test/checks/incremental-observation.test.ts)',
  },
  {
    name: 'kmem-plain-system-ram',
    describe: 'add_memory_driver_managed() registers its range as plain "System RAM" (the driver-managed flag and the driver\'s name lost), as kmem\'s add_memory() did before 7b7b27214bba',
    caughtBy: 'driver-managed-resource',
    profile: 'v6.12',
    pinned: 'scenarios/examples/dax-kmem.scn',
    mistake: 'the name is the caller\'s argument, which the core passes on unchanged in every release from v5.8',
  },
  {
    name: 'pfn-size-unchecked',
    describe: 'memremap_pages of a namespace in fsdax or devdax mode skips the pfn seed\'s 16 MiB minimum (nd_namespace_store(), drivers/nvdimm/claim.c) and maps a namespace below it',
    caughtBy: 'differential',
    profile: 'v6.1',
    pinned: 'scenarios/bugs/pfn-namespace-too-small.scn',
    mistake: 'the minimum is the namespace claim\'s in every release this suite models; a caller that checks only the pfn layout\'s room (nd_pfn_init()) lets a small namespace through',
  },
] as const satisfies readonly BugSwitch[];

export type BugName = (typeof BUG_SWITCHES)[number]['name'];

/** The rule values the optimized implementation runs with under `bugs`: the profile's, with the switches' overrides. */
export function withOverrides(rules: RuleValues, bugs: ReadonlySet<BugName>): RuleValues {
  let out = rules;
  for (const name of bugs) {
    const overrides = (BUG_SWITCHES as readonly BugSwitch[]).find((b) => b.name === name)?.overrides;
    if (overrides !== undefined) out = { ...out, ...overrides };
  }
  return out;
}

export function isBugName(name: string): name is BugName {
  return BUG_SWITCHES.some((b) => b.name === name);
}
