/**
 * What a pc-dimm guest can be asked. Steps without a user-space or ACPI
 * interface (bare __add_pages, fault injection, pins, notifier vetoes,
 * sparse-layer queries, remove_memory without an eject) and machine setups
 * the stock kernels or QEMU cannot have are refused up front. ZONE_DEVICE is
 * reached through libnvdimm: memremap_pages / memunmap_pages of exactly a
 * `config pmem` range bind / unbind the namespace over it (raw), its pfn
 * seed (fsdax) or its dax seed (devdax).
 */
import type { ConfigLine, Scenario } from '../scenario/index.ts';
import type { BootRange, PmemRange, StepOp } from '../model/step.ts';

/**
 * Every step as the guest takes it: `true`, performed on the real kernel; otherwise why it
 * cannot be. Total over the steps, so the compiler asks for a decision on each new one.
 */
const GUEST_STEPS: Readonly<Record<StepOp, true | string>> = {
  add_pages: 'no user interface to bare __add_pages',
  remove_pages: 'no user interface to bare __remove_pages',
  fail: 'no allocation-failure injection in a stock kernel',
  query: 'sparse-layer predicates are not visible from user space',
  dump: true,
  add_memory: true,
  add_memory_driver_managed: true,
  remove_memory: true,
  eject_memory: true,
  memremap_pages: true,
  memunmap_pages: true,
  state: true,
  online: true,
  pin: 'no way to place an unmovable page from user space',
  unpin: 'no way to place an unmovable page from user space',
  poison: 'not expressible',
  veto: 'no notifier injection in a stock kernel',
  valid_zones: true,
  block: true,
  zone: true,
  node: 'the node span is not visible from user space',
  virtio_mem_resize: true,
};

/** The steps the oracle performs on a real kernel. */
export const KERNEL_STEPS: ReadonlySet<StepOp> = new Set((Object.keys(GUEST_STEPS) as StepOp[]).filter((op) => GUEST_STEPS[op] === true));

/** The guest's boot memory (pc, 1 GiB): e820 RAM below 640K less page 0, and 1M .. the ACPI tables. */
export const GUEST_BOOT: readonly BootRange[] = [
  { start: 0x1000, size: 0x9e000, nid: 0 },
  { start: 0x100000, size: 0x3fee0000, nid: 0 },
];
export const GUEST_BOOT_LINES = 'boot 0x1000 0x9e000 / boot 0x100000 0x3fee0000';

/**
 * Where `memmap=` may punch a hole: the RAM above 1 MiB, below the top 64 MiB,
 * where QEMU's loader puts the initramfs (the decompressor's KASLR already
 * avoids memmap= ranges, arch/x86/boot/compressed/kaslr.c).
 */
const HOLE_LOW = 0x100000;
/** Where PMEM not carved out of RAM may start: above the PCI hole. */
const PMEM_HIGH = 0x100000000;
const HOLE_HIGH = 0x3c000000;
/** The memmap= ranges the x86 decompressor keeps the kernel off (MAX_MEMMAP_REGIONS, arch/x86/boot/compressed/kaslr.c). */
const MAX_MEMMAP_REGIONS = 4;

/** A range the boot lines leave out of the guest's RAM, which `memmap=<size>$<start>` makes e820-reserved. */
export interface GuestHole {
  readonly start: number;
  readonly size: number;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * The holes a scenario's boot lines punch into the guest's RAM, or why they
 * cannot: the lines must be the guest's ranges (node 0) with page-aligned
 * pieces left out between HOLE_LOW and HOLE_HIGH. No lines: no holes.
 */
export function guestHoles(boot: readonly BootRange[], pmem: readonly PmemRange[] = []): GuestHole[] | string {
  if (boot.length === 0) return [];
  // a PMEM range carved out of the guest's RAM is memmap=<size>!<start>, not a hole
  boot = [...boot, ...pmem.filter((p) => GUEST_BOOT.some((g) => p.start >= g.start && p.start + p.size <= g.start + g.size)).map((p) => ({ ...p, nid: 0 }))];
  const why = `boot lines must be the guest's (${GUEST_BOOT_LINES}), or those with holes between ${hex(HOLE_LOW)} and ${hex(HOLE_HIGH)}`;
  if (boot.some((r) => r.nid !== 0)) return `${why}: the guest has one node (node 0)`;
  const inside = (r: BootRange, g: BootRange): boolean => r.start >= g.start && r.start + r.size <= g.start + g.size;
  const outside = boot.find((r) => !GUEST_BOOT.some((g) => inside(r, g)));
  if (outside !== undefined) return `${why}: ${hex(outside.start)} ${hex(outside.size)} is not inside the guest's RAM`;
  // the parser has checked the lines are disjoint: what each guest range keeps, in order, leaves the holes
  const holes: GuestHole[] = [];
  for (const g of GUEST_BOOT) {
    let at = g.start;
    for (const r of boot.filter((b) => inside(b, g)).sort((a, b) => a.start - b.start)) {
      if (r.start > at) holes.push({ start: at, size: r.start - at });
      at = r.start + r.size;
    }
    if (at < g.start + g.size) holes.push({ start: at, size: g.start + g.size - at });
  }
  for (const h of holes) {
    if (h.start < HOLE_LOW || h.start + h.size > HOLE_HIGH || h.start % 0x1000 !== 0 || h.size % 0x1000 !== 0) {
      return `${why}: the hole ${hex(h.start)} ${hex(h.size)} is outside that window or not page-aligned`;
    }
  }
  return holes;
}

/**
 * Kernel command-line words for the scenario's config lines (and `memmap=` for
 * each hole its boot lines leave in the guest's RAM), or a reason the guest
 * cannot have that setup.
 */
export function kernelCmdline(config: readonly ConfigLine[], boot: readonly BootRange[] = [], pmem: readonly PmemRange[] = []): string[] | string {
  const words: string[] = [];
  let defaultState = 'offline';
  for (const c of config) {
    switch (c.key) {
      case 'auto_online_blocks':
        defaultState = c.value;
        break;
      case 'movable_node':
        if (c.value === 'on') words.push('movable_node');
        break;
      case 'memmap_on_memory':
        words.push(`memory_hotplug.memmap_on_memory=${c.value}`);
        break;
      case 'online_policy':
        words.push(`memory_hotplug.online_policy=${c.value}`);
        break;
      case 'auto_movable_ratio':
        // mm/memory_hotplug.c module parameter (v5.15, e83a437faa62); an older kernel ignores it as it ignores online_policy
        words.push(`memory_hotplug.auto_movable_ratio=${c.value}`);
        break;
      case 'vmemmap':
      case 'sparsemem_extreme':
        if (c.value !== 'on') return `config ${c.key} ${c.value}: the stock kernels are built with it on`;
        break;
      default:
        return `config ${c.key} has no kernel command-line equivalent`;
    }
  }
  const layout = pmemLayoutProblem(boot, pmem);
  if (layout !== undefined) return layout;
  const holes = guestHoles(boot, pmem);
  if (typeof holes === 'string') return holes;
  // memparse() takes 0x numbers; `$` marks the range E820_TYPE_RESERVED (parse_memmap_one(), arch/x86/kernel/e820.c)
  for (const h of holes) words.push(`memmap=${hex(h.size)}$${hex(h.start)}`);
  // `!` marks it E820_TYPE_PRAM: nd_e820 makes one libnvdimm region and namespace of each such range
  for (const p of pmem) words.push(`memmap=${hex(p.size)}!${hex(p.start)}`);
  // past MAX_MEMMAP_REGIONS memmap= ranges the decompressor stops choosing a random physical address
  // (mem_avoid_memmap(), arch/x86/boot/compressed/kaslr.c) and may decompress the kernel over one of them
  if (holes.length + pmem.length > MAX_MEMMAP_REGIONS) {
    return `${holes.length + pmem.length} memmap= ranges (holes in the boot lines and config pmem): the decompressor's KASLR avoids at most ${MAX_MEMMAP_REGIONS}, and the kernel may land on the rest`;
  }
  return [`memhp_default_state=${defaultState}`, ...words];
}

/**
 * Why the guest cannot have these PMEM ranges: each must lie inside the
 * guest's RAM above 1 MiB (carved out of it: the boot lines leave it out, the
 * parser has checked) or from 4 GiB up (below it: the ACPI tables, then the
 * PCI hole of `pc` with 1 GiB of RAM), and no two may touch, since
 * e820__update_table() merges touching entries of one type into one range
 * and so one namespace.
 */
export function pmemLayoutProblem(boot: readonly BootRange[], pmem: readonly PmemRange[]): string | undefined {
  const ram = boot.length > 0 ? boot : GUEST_BOOT;
  for (const p of pmem) {
    const shown = `config pmem ${hex(p.start)} ${hex(p.size)}`;
    const inside = GUEST_BOOT.some((g) => p.start >= g.start && p.start + p.size <= g.start + g.size);
    if (!inside && p.start < PMEM_HIGH) return `${shown}: the guest's PMEM must be carved out of its RAM above 1 MiB or lie from ${hex(PMEM_HIGH)} up`;
    if (inside && p.start < HOLE_LOW) return `${shown}: the guest's PMEM must lie above 1 MiB`;
    const on = ram.find((r) => r.start < p.start + p.size && p.start < r.start + r.size);
    if (on !== undefined) return `${shown} overlaps the guest's boot memory ${hex(on.start)} ${hex(on.size)}: leave it out of the boot lines`;
    const touching = pmem.find((q) => q !== p && (q.start + q.size === p.start || p.start + p.size === q.start));
    if (touching !== undefined) {
      return `${shown} touches config pmem ${hex(touching.start)} ${hex(touching.size)}: e820 merges them into one range (one namespace); leave a gap`;
    }
  }
  return undefined;
}

/** The add_memory_driver_managed ranges of a scenario. */
function kmemRanges(s: Scenario): PmemRange[] {
  return s.steps.flatMap((st) => (st.step.op === 'add_memory_driver_managed' ? [{ start: st.step.start, size: st.step.size }] : []));
}

/**
 * The `config pmem` ranges the guest puts in devdax mode: those written
 * `mode=devdax`, and those (of no mode) holding an add_memory_driver_managed
 * step's range (docs/oracle.md, "Driver-managed memory (dax kmem)").
 */
export function devdaxRanges(s: Scenario): PmemRange[] {
  const kmem = kmemRanges(s);
  return (s.pmem ?? []).filter((p) => p.mode === 'devdax' || (p.mode === undefined && kmem.some((k) => p.start <= k.start && k.start + k.size <= p.start + p.size)));
}

/** The `config pmem … mode=fsdax` ranges (docs/oracle.md, "Namespace modes"). */
export function fsdaxRanges(s: Scenario): PmemRange[] {
  return (s.pmem ?? []).filter((p) => p.mode === 'fsdax');
}

/**
 * Why the guest cannot have a namespace in fsdax or devdax mode there: the
 * info block is written to the namespace, so it must be memory QEMU backs —
 * carved out of the guest's RAM (above 4 GiB a `pc` guest with 1 GiB has
 * none).
 */
function pfnNamespaceProblem(s: Scenario): string | undefined {
  for (const p of [...devdaxRanges(s), ...fsdaxRanges(s)]) {
    if (!GUEST_BOOT.some((g) => p.start >= g.start && p.start + p.size <= g.start + g.size)) {
      return `config pmem ${hex(p.start)} ${hex(p.size)}: a namespace in ${p.mode ?? 'devdax'} mode must be carved out of the guest's RAM (its info block is written to memory QEMU backs)`;
    }
  }
  return undefined;
}

/** Every problem that stops a scenario from running on the guest, one line each. */
export function inexpressible(s: Scenario): string[] {
  const problems: string[] = [];
  const ops = new Map<StepOp, number[]>();
  for (const st of s.steps) {
    const op = st.step.op;
    if (KERNEL_STEPS.has(op)) {
      if ((op === 'state' || op === 'online') && /^-[neE]+$/.test(st.step.word)) {
        problems.push(`line ${st.line}: the guest shell's echo would take "${st.step.word}" as an option`);
      }
      if ((op === 'add_memory' && st.step.nid !== 0) || (op === 'zone' && st.step.nid !== 0)) {
        problems.push(`line ${st.line}: the guest has one node (node 0)`);
      }
      if (op === 'add_memory' && st.step.dynamicUnit !== undefined) {
        problems.push(`line ${st.line}: a dynamic memory group needs a virtio-mem device; the guest's DIMMs are pc-dimm (one static group each)`);
      }
      if (op === 'memremap_pages' || op === 'memunmap_pages') {
        const { start, size } = st.step;
        if (!(s.pmem ?? []).some((p) => p.start === start && p.size === size)) {
          problems.push(`line ${st.line}: ${op} ${hex(start)} ${hex(size)} is not a config pmem range; on the guest it binds or unbinds the namespace over exactly one`);
        }
        if (st.step.op === 'memremap_pages' && st.step.nid !== 0) problems.push(`line ${st.line}: the guest has one node (node 0)`);
      }
      if (op === 'add_memory_driver_managed') {
        const { start, size } = st.step;
        const holder = (s.pmem ?? []).find((p) => p.start <= start && start + size <= p.start + p.size);
        if (holder === undefined) {
          problems.push(`line ${st.line}: add_memory_driver_managed ${hex(start)} ${hex(size)} is not inside a config pmem range; on the guest it is dax kmem over that namespace in devdax mode`);
        } else if (holder.mode === 'fsdax') {
          problems.push(`line ${st.line}: add_memory_driver_managed ${hex(start)} ${hex(size)} lies in a config pmem range in fsdax mode; dax kmem needs devdax`);
        }
        if (st.step.nid !== 0) problems.push(`line ${st.line}: the guest has one node (node 0)`);
      }
      const step = st.step;
      if (step.op === 'remove_memory' && !kmemRanges(s).some((k) => k.start === step.start && k.size === step.size)) {
        problems.push(`line ${st.line}: remove_memory on the guest is dax kmem's unbind, of exactly an add_memory_driver_managed range (a DIMM goes through eject_memory)`);
      }
      if (op === 'add_memory_driver_managed' && s.config.some((c) => c.key === 'memmap_on_memory')) {
        problems.push(`line ${st.line}: kmem asks for memmap_on_memory itself from v6.8; config memmap_on_memory with dax kmem is not modelled`);
      }
      if (op === 'add_memory' && st.step.inaccessible === true) {
        problems.push(`line ${st.line}: MHP_OFFLINE_INACCESSIBLE is s390 standby memory; a pc-dimm cannot ask for it`);
      }
      continue;
    }
    ops.set(op, [...(ops.get(op) ?? []), st.line]);
  }
  for (const [op, lines] of ops) {
    const name = op === 'query' ? 'sparse-layer queries' : op;
    const why = GUEST_STEPS[op];
    problems.push(`${name} (line ${lines.join(', ')}): ${why === true ? 'not expressible' : why}`);
  }
  if (s.virtioMem !== undefined && s.virtioMem.start < 0x100000000) {
    problems.push('config virtio_mem: the guest has RAM and the PCI hole below 4 GiB; put the device at 0x100000000 or above');
  }
  if (s.geometry !== undefined && s.geometry.name !== 'x86_64') {
    problems.push('geometry: the guest is x86_64 (4K pages, 128M blocks)');
  }
  const cmd = kernelCmdline(s.config, s.boot, s.pmem);
  if (typeof cmd === 'string') problems.push(cmd);
  const pfn = pfnNamespaceProblem(s);
  if (pfn !== undefined) problems.push(pfn);
  return problems;
}
