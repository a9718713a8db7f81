/**
 * A semantic profile: the kernel's rules at one version, as data. Both
 * implementations read the same rule values and act on them in their own
 * code; no behaviour lives here.
 */

/** Where a rule came from. `verified` says how the commit id was checked. */
export interface CommitRef {
  /** Abbreviated commit id, or a description when the change was folded or has no id. */
  readonly commit: string;
  readonly title: string;
  /** Kernel release that first shipped the rule. */
  readonly version: string;
  /** "V: …" read in source or published commit text; "I: …" inferred, not re-verified. */
  readonly verified: string;
}

export interface Rule<T> {
  readonly value: T;
  readonly since: CommitRef;
  /** One line on what the rule means for an operation. */
  readonly explain: string;
}

/**
 * Rules of the sparse layer (mm/sparse.c and the __add_pages/__remove_pages
 * loops of mm/memory_hotplug.c).
 */
export interface SparseRules {
  /**
   * `section`: hotplug works on whole sections (sparse_add_one_section); an
   * already valid section answers -EEXIST, which __add_pages swallows as success;
   * a misaligned __remove_pages is a BUG_ON.
   * `subsection`: sub-section hotplug (section_activate, subsection_map);
   * collisions are -EEXIST and returned; misaligned ranges WARN (check_pfn_span).
   */
  readonly hotplug: Rule<'section' | 'subsection'>;
  /**
   * How __add_pages walks its range: `sections` from the section of the first
   * pfn to the section of the last (pfn + nr - 1), `pfns` while pfn < end_pfn.
   * They differ only for nr == 0.
   */
  readonly addLoop: Rule<'sections' | 'pfns'>;
  /** check_hotplug_memory_addressable(): `none` (an out-of-range add is a BUG) or `e2big`. */
  readonly addressCheck: Rule<'none' | 'e2big'>;
  /**
   * __remove_section() on a section that is not valid: `einval-break` returns
   * -EINVAL and stops the loop; `warn-skip` WARNs and goes on with the next section.
   */
  readonly removeInvalid: Rule<'einval-break' | 'warn-skip'>;
  /**
   * How section_deactivate() retires a section whose sub-section map empties:
   * `free-then-invalidate` frees ms->usage and only then clears
   * SECTION_HAS_MEM_MAP, so a pfn_valid() in between reads a freed usage (B-31);
   * `invalidate-then-free` clears the flag first and frees usage after an RCU
   * grace period. Section-granular hotplug resets section_mem_map before it
   * frees the usemap, so it is `invalidate-then-free` too.
   */
  readonly usageFree: Rule<'free-then-invalidate' | 'invalidate-then-free'>;
}

/**
 * Rules of memory blocks, zones and nodes (mm/memory_hotplug.c,
 * drivers/base/memory.c): docs/blocks-and-zones.md.
 */
export interface HotplugRules {
  /**
   * `none`: hot-add ties no zone to the new pages (f1dd2cd13c4b, first released in v4.13).
   * `zone-for-memory`: hot-add picks the zone (zone_for_memory()), grows its span and
   * the node's, and initialises the memmap (kernels v4.10–v4.12).
   */
  readonly zoneAtAdd: Rule<'none' | 'zone-for-memory'>;
  /**
   * How an online picks its zone: `shift` keeps the zone chosen at hot-add and moves
   * a block at a zone edge to the neighbouring zone (zone_can_shift(), kernels
   * v4.10–v4.12); `allow-online-pfn-range` refuses a type that would put Normal above
   * Movable (kernel v4.13); `zone-for-pfn-range` has no restrictions (c6f03e2903c9).
   */
  readonly onlineZone: Rule<'shift' | 'allow-online-pfn-range' | 'zone-for-pfn-range'>;
  /** Where zone and node spans shrink: at `remove` (before v5.5) or at `offline` (v5.5+). */
  readonly shrinkAt: Rule<'remove' | 'offline'>;
  /** A vetoed online: the grown span and initialised memmap stay (`keep-span`) or are undone (`restore`). */
  readonly failedOnline: Rule<'keep-span' | 'restore'>;
  /** try_offline_node(): scan the span's sections (`scan`) or look at spans and blocks (`blocks`). */
  readonly offlineNode: Rule<'scan' | 'blocks'>;
  /**
   * Which pfns the span-shrinking walkers read the struct page of: every
   * `pfn_valid` one (before 7ce700bf11b5, so offline memmaps are read), or only
   * `online` ones (pfn_to_online_page()).
   */
  readonly shrinkWalker: Rule<'pfn_valid' | 'online'>;
  /**
   * Where hot-add creates the memory block devices: inside __add_section(), per
   * section (`in-add-section`, before db051a0dac13), or in one
   * create_memory_block_devices() after arch_add_memory(), whose failure undoes
   * the whole add (`after-arch-add`). The `fail next memory_block` fault point
   * is modelled only for the latter.
   */
  readonly blockDevices: Rule<'in-add-section' | 'after-arch-add'>;
  /**
   * Which pfns memory_failure() (hard_offline_page) reads the struct page of:
   * every `pfn_valid` one, never-onlined memory included (B-10, before
   * 96c804a6ae8c), or only an `online-page` (pfn_to_online_page()).
   */
  readonly memoryFailure: Rule<'pfn_valid' | 'online-page'>;
  /**
   * Offline of a block whose System RAM does not cover it (a boot block with a
   * hole): `allowed` (has_unmovable_pages() trusts a MIGRATE_MOVABLE pageblock
   * and never reads the hole's struct page; the System RAM walks skip it),
   * `ebusy` (d7b236e10ced: a hole page of an online section whose struct page
   * memmap_init_zone() or memmap_init_zone_device() initialised holds a
   * reference no one drops, so isolation fails), or `einval` (c5e79ef561b0: refused before any zone is
   * looked at). docs/oracle.md, "Offlining a block with a hole before v5.6".
   */
  readonly offlineHoles: Rule<'allowed' | 'ebusy' | 'einval'>;
}

/** An invariant a profile is known to break, reported as a finding rather than a failure. */
export interface KnownFinding {
  readonly invariant: string;
  /** Catalogue ids (regressions/README.md) of the bugs behind it. */
  readonly bugs: readonly string[];
  readonly explain: string;
  /**
   * Where the finding excuses a violation: everywhere (absent), or only when
   * the state before the step holds `bare-subsection-in-online-section` (an
   * active sub-section of an online section whose memmap nothing initialised).
   * Elsewhere the invariant is checked as usual.
   */
  readonly when?: 'bare-subsection-in-online-section';
}

/**
 * Rules whose later values arrived after v5.5 (docs/modern-profiles.md). The
 * older profiles carry them too, with the value that held before the change.
 */
export interface ModernRules {
  /**
   * memmap_on_memory (MHP_MEMMAP_ON_MEMORY): `none` (no such parameter);
   * `one-block` (only a one-block add hosts its memmap, which must be
   * PMD-aligned with a pageblock-aligned rest; a08a2ae34613); `one-block-force`
   * (as one-block, plus `force`, which rounds the memmap up to pageblocks;
   * 2d1f649c7c08); `per-block` (every block of a multi-block add hosts its
   * own memmap with its own altmap; 6b8f0798b85a).
   */
  readonly memmapOnMemory: Rule<'none' | 'one-block' | 'one-block-force' | 'per-block'>;
  /** What a caller asking for memmap_on_memory gets when it is unsupported: the add without it. */
  readonly memmapFallback: Rule<'caller-checks' | 'core-falls-back' | 'none'>;
  /** Which remove_memory() ranges may hold self-hosted memmaps: `one-block` (-EINVAL otherwise) or `any`. */
  readonly memmapRemove: Rule<'one-block' | 'any' | 'none'>;
  /** online of a block with hwpoisoned pages: `allowed`, or `ehwpoison` (-EHWPOISON, v6.5). */
  readonly hwpoisonOnline: Rule<'allowed' | 'ehwpoison'>;
  /** memory_failure() of a page already hwpoisoned: `ok` (0, nothing changes), or `ehwpoison` (-EHWPOISON, v5.14). */
  readonly hwpoisonAgain: Rule<'ok' | 'ehwpoison'>;
  /**
   * The add_memory_driver_managed step (dax kmem): `add-memory` before
   * 7b7b27214bba (v5.8; kmem of v5.1..v5.7 called add_memory(), whose resource
   * is plain "System RAM"), `system-ram-kmem` after it (the resource is named
   * "System RAM (kmem)" and nests inside the device's range).
   */
  readonly driverManaged: Rule<'add-memory' | 'system-ram-kmem'>;
  /** Online policies: `contig-zones-only`, or `policies` (online_policy= with auto-movable and memory groups, v5.15). */
  readonly onlinePolicy: Rule<'contig-zones-only' | 'policies'>;
  /**
   * The virtio-mem driver's sub-block (Sub Block Mode): `none` (no driver, before v5.8),
   * `max-order` (max(device block, MAX_ORDER_NR_PAGES, pageblock): 4 MiB on x86_64),
   * `pageblock` (max(device block, pageblock): 2 MiB on x86_64).
   */
  readonly virtioMemSubBlock: Rule<'none' | 'max-order' | 'pageblock'>;
  /**
   * The order in which the virtio-mem driver unplugs: offline blocks first, then
   * online ones (`offline-then-online`), or among online ones ZONE_MOVABLE before
   * kernel zones (`offline-then-movable`); partly plugged before fully plugged, highest block first.
   */
  readonly virtioMemUnplug: Rule<'none' | 'offline-then-online' | 'offline-then-movable'>;
  /**
   * The words memhp_default_state= / auto_online_blocks accept: `offline online`
   * before 5f47adf762b7 (another word leaves hot-added blocks offline), every
   * online type after it.
   */
  readonly defaultOnlineStates: Rule<'offline online' | 'offline online online_kernel online_movable'>;
  /** s390 standby memory: `none`, seed 004's (docs/seeds.md) `phys-online-rfc`, `prepare-online` (v6.9), `sysfs-config` (v6.19). */
  readonly s390Online: Rule<'none' | 'phys-online-rfc' | 'prepare-online' | 'sysfs-config'>;
  /**
   * What pfn_to_online_page() answers a page for (the query and the span-shrinking
   * walkers): every pfn of an online section (`online-section`, before v5.12), or only
   * one whose sub-section is valid and that no ZONE_DEVICE pagemap owns (`subsection-and-pgmap`).
   */
  readonly onlinePage: Rule<'online-section' | 'subsection-and-pgmap'>;
  /**
   * Which zone a self-hosted memmap's pages join at online: the zone of the
   * whole `block` (merged, ZONE_MOVABLE too), or always ZONE_NORMAL (`normal`,
   * the reviewer's suggestion in seed 003 (docs/seeds.md); a proposal no release carries).
   */
  readonly vmemmapZone: Rule<'block' | 'normal'>;
  /**
   * The struct pages boot leaves for pfns of an early section that no System
   * RAM covers and no zone spans (past the node's last RAM pfn, to the end of
   * its section): `zeroed` (v5.5: zero_resv_unavail() stops at max_pfn, page
   * count 0 past it, not PageReserved), or `reserved` (init_unavailable_range(),
   * 4b094b7851bf, v5.6: PageReserved). Seen only by offline under
   * `hotplug.offlineHoles: ebusy` (docs/oracle.md, "Offlining a block with a hole before v5.6").
   */
  readonly unavailableMemmap: Rule<'zeroed' | 'reserved'>;
}

/** Every rule a profile gives a value, by group; every group is mandatory. */
export interface Rules {
  readonly sparse: SparseRules;
  readonly hotplug: HotplugRules;
  readonly modern: ModernRules;
}

type ValuesOf<G> = { readonly [R in keyof G]: G[R] extends Rule<infer T> ? T : never };

/**
 * The rule values without their provenance, flat: what both implementations
 * read (`rules.shrinkAt`). Rule names are unique across groups
 * (test/model/rules.test.ts), so flattening loses nothing.
 */
export type RuleValues = ValuesOf<SparseRules> & ValuesOf<HotplugRules> & ValuesOf<ModernRules>;

/** The value of every rule of `rules`, flat. */
export function ruleValues(rules: Rules): RuleValues {
  const out: Record<string, unknown> = {};
  for (const group of [rules.sparse, rules.hotplug, rules.modern]) {
    for (const [name, rule] of Object.entries(group) as Array<[string, Rule<unknown>]>) out[name] = rule.value;
  }
  return out as RuleValues;
}

export interface Profile extends Rules {
  /** Scenario spelling, e.g. "v5.3": the first kernel release that carries these semantics. */
  readonly name: string;
  /**
   * The name before profiles were named after their first kernel release
   * (docs/historical-profiles.md "Names"): still accepted, and the key a run's
   * seed is derived from, so a seed printed under the old name draws the same steps.
   */
  readonly formerName?: string;
  /** One line for `memhp profiles`. */
  readonly summary: string;
  /** The commit that defines this profile (the change it is named for). */
  readonly defining: CommitRef;
  /** The profile this one follows in the chain of kernel changes (model/profiles/derive.ts); absent for the oldest. */
  readonly derivedFrom?: string;
  readonly knownFindings: readonly KnownFinding[];
}
