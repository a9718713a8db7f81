/**
 * Deliberately broken variants of the optimized implementation. Each is a
 * plausible kernel-style mistake; the test suite shows that the check named
 * in `caughtBy` fails when the switch is on. Several are the pre-fix
 * behaviour of a real kernel bug (the `kernelBug` id of semantics.md §4).
 */
export interface BugSwitch {
  readonly name: string;
  readonly describe: string;
  /** Catalogue id (semantics.md §4) when the switch reproduces a real bug. */
  readonly kernelBug?: string;
  /** Name of the invariant (or "differential") that must catch it. */
  readonly caughtBy: string;
  /** The profile where the mistake can show (default: the newest). */
  readonly profile?: string;
}

export const BUG_SWITCHES = [
  {
    name: 'swallow-eexist',
    describe: '__add_pages treats -EEXIST from sparse_add_section as success and goes on (the pre-v5.3 loop kept in v5.3)',
    kernelBug: 'B-27',
    caughtBy: 'subsection-collision',
  },
  {
    name: 'partial-deactivate',
    describe: 'section_deactivate clears the active part of a range that is not fully active instead of WARNing',
    caughtBy: 'subsection-remove',
  },
  {
    name: 'enomem-keeps-subsections',
    describe: 'a failed memmap allocation leaves the chunk\'s sub-sections marked active',
    caughtBy: 'add-prefix',
  },
  {
    name: 'einval-leaks-usage',
    describe: 'section_activate keeps a freshly allocated usage when it answers -EINVAL',
    caughtBy: 'usage-lifetime',
    // Only the v5.3 section walk hands section_activate an empty chunk.
    profile: 'v5.3',
  },
  {
    name: 'free-boot-usage',
    describe: 'section_deactivate frees a boot-allocated usage when the map empties',
    kernelBug: 'B-28',
    caughtBy: 'boot-usage-kept',
  },
  {
    name: 'valid-after-empty',
    describe: 'SECTION_HAS_MEM_MAP stays set after the sub-section map empties and usage is freed',
    kernelBug: 'B-13',
    caughtBy: 'valid-needs-usage',
  },
  {
    name: 'early-partial-depopulate',
    describe: 'removing sub-sections of an early section frees that part of the boot memmap',
    kernelBug: 'B-14',
    caughtBy: 'early-memmap-whole',
  },
  {
    name: 'pfn-valid-section-only',
    describe: 'pfn_valid() answers valid_section() for hot-added sections, ignoring the sub-section map',
    caughtBy: 'pfn-valid-exact',
  },
  {
    name: 'memmap-not-depopulated',
    describe: 'removing sub-sections of a hot-added section leaves their vmemmap populated (a leak)',
    caughtBy: 'memmap-matches-map',
  },
  {
    name: 'query-allocates-root',
    describe: 'a section lookup for a query allocates the missing mem_section root, as sparse_index_init() would',
    caughtBy: 'queries-change-nothing',
  },
  {
    name: 'mask-last-subsection',
    describe: 'subsection_mask_set() leaves out the last sub-section of a chunk',
    caughtBy: 'differential',
  },
] as const satisfies readonly BugSwitch[];

export type BugName = (typeof BUG_SWITCHES)[number]['name'];

export function isBugName(name: string): name is BugName {
  return BUG_SWITCHES.some((b) => b.name === name);
}
