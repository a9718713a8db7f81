/**
 * Whether a kernel can run a scenario at all, from the options it was built
 * with (its .config, or the guest's /proc/config.gz with IKCONFIG_PROC): a
 * kernel without ACPI memory hotplug never sees a DIMM, one without
 * MEMORY_HOTREMOVE cannot offline, and so on. Such a kernel is refused in one
 * line naming the options, instead of a run full of differences.
 */
/** `CONFIG_X=y` → X: y; `# CONFIG_X is not set` → X: n. */
export function parseKernelConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const set = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (set !== null) out.set(set[1] as string, (set[2] as string).trim());
    const unset = /^# CONFIG_([A-Za-z0-9_]+) is not set$/.exec(line);
    if (unset !== null) out.set(unset[1] as string, 'n');
  }
  return out;
}

/** The options every scenario needs built in, and why. */
const ALWAYS: ReadonlyArray<readonly [string, string]> = [
  ['MEMORY_HOTPLUG', 'memory hotplug'],
  ['MEMORY_HOTREMOVE', 'offline and eject'],
  ['ACPI_HOTPLUG_MEMORY', 'the ACPI memory devices a pc-dimm appears as'],
  ['SPARSEMEM_VMEMMAP', 'the model\'s memory map'],
];

/**
 * The options (names without CONFIG_) this kernel is missing, each with why it
 * is needed. Options that only change semantics (MHP_MEMMAP_ON_MEMORY, absent
 * before v5.12) are the profile's business, not a refusal.
 */
export function missingOptions(kernelConfig: ReadonlyMap<string, string>): string[] {
  return ALWAYS
    .filter(([name]) => kernelConfig.get(name) !== 'y')
    .map(([name, why]) => `CONFIG_${name} (${kernelConfig.get(name) === 'm' ? 'a module; build it in' : 'not set'}: ${why})`);
}

export function requiredOptionNames(): string[] {
  return ALWAYS.map(([n]) => n);
}

/** Every option name the checks may ask about: what the guest greps from /proc/config.gz. */
export function checkedOptionNames(): string[] {
  return [...ALWAYS.map(([n]) => n), ...LAYOUT.map(([n]) => n)];
}

/** Options whose absence changes what the kernel shows against the model's x86_64 machine (a note, not a refusal). */
const LAYOUT: ReadonlyArray<readonly [string, string]> = [
  ['ZONE_DMA', 'no DMA zone: /proc/zoneinfo differs from the model\'s'],
  ['ZONE_DMA32', 'no DMA32 zone: /proc/zoneinfo differs from the model\'s'],
  ['HUGETLBFS', 'pageblocks are 4 MiB, not 2 MiB: memmap_on_memory\'s alignment differs'],
  ['MHP_MEMMAP_ON_MEMORY', 'memory_hotplug.memmap_on_memory has no effect'],
];

/** Notes for layout options the kernel has but were turned off (an option the kernel's version lacks altogether is its profile's business). */
export function layoutNotes(kernelConfig: ReadonlyMap<string, string>): string[] {
  return LAYOUT.filter(([name]) => kernelConfig.get(name) === 'n').map(([name, why]) => `CONFIG_${name} not set (${why})`);
}
