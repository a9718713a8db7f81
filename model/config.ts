/**
 * Kernel configuration and boot-time switches of one simulated machine.
 * `config <key> <value>` lines in a scenario set these.
 */
export interface Config {
  /** CONFIG_SPARSEMEM_VMEMMAP: sub-section hotplug needs it (check_pfn_span). */
  readonly vmemmap: boolean;
  /** CONFIG_SPARSEMEM_EXTREME: mem_section roots allocated on demand. */
  readonly sparsememExtreme: boolean;
  /**
   * /sys/devices/system/memory/auto_online_blocks (memhp_default_state=);
   * online_kernel and online_movable from v5.7 (5f47adf762b7).
   */
  readonly autoOnlineBlocks: 'offline' | 'online' | 'online_kernel' | 'online_movable';
  /** The `movable_node` kernel parameter. */
  readonly movableNode: boolean;
  /** memory_hotplug.memmap_on_memory= (v5.12+; `force` from v6.6). */
  readonly memmapOnMemory: MemmapOnMemoryMode;
  /** memory_hotplug.online_policy= (v5.15+): how `online` picks a zone. */
  readonly onlinePolicy: 'contig-zones' | 'auto-movable';
  /** memory_hotplug.auto_movable_ratio= (percent of MOVABLE to kernel early pages). */
  readonly autoMovableRatio: number;
  /** memory_hotplug.auto_movable_numa_aware=. */
  readonly autoMovableNumaAware: boolean;
}

/** The values of memory_hotplug.memmap_on_memory=. */
export type MemmapOnMemoryMode = 'N' | 'Y' | 'force';

export const DEFAULT_CONFIG: Config = {
  vmemmap: true,
  sparsememExtreme: true,
  autoOnlineBlocks: 'offline',
  movableNode: false,
  memmapOnMemory: 'N',
  onlinePolicy: 'contig-zones',
  autoMovableRatio: 301,
  autoMovableNumaAware: true,
};

/** One `config` key: its scenario spelling, accepted words and how it sets the Config. */
export interface ConfigKey {
  readonly key: string;
  readonly values: readonly string[];
  readonly describe: string;
  apply(config: Config, value: string): Config;
  /** For a key whose values are not a word list (a number): whether `value` is one. */
  accepts?(value: string): boolean;
  /** The value word this key has in `config` (for printing a machine back as a scenario). */
  read(config: Config): string;
}

const onOff = (v: string): boolean => v === 'on';

export const CONFIG_KEYS: readonly ConfigKey[] = [
  {
    key: 'vmemmap',
    values: ['on', 'off'],
    describe: 'CONFIG_SPARSEMEM_VMEMMAP (off: hotplug is section-granular)',
    apply: (c, v) => ({ ...c, vmemmap: onOff(v) }),
    read: (c) => (c.vmemmap ? 'on' : 'off'),
  },
  {
    key: 'sparsemem_extreme',
    values: ['on', 'off'],
    describe: 'CONFIG_SPARSEMEM_EXTREME (off: a static mem_section array, no root allocation)',
    apply: (c, v) => ({ ...c, sparsememExtreme: onOff(v) }),
    read: (c) => (c.sparsememExtreme ? 'on' : 'off'),
  },
  {
    key: 'auto_online_blocks',
    values: ['offline', 'online', 'online_kernel', 'online_movable'],
    describe: 'whether and how hot-added memory blocks are onlined at once (memhp_default_state=; online_kernel/online_movable from v5.7)',
    apply: (c, v) => ({
      ...c,
      autoOnlineBlocks: v === 'online' || v === 'online_kernel' || v === 'online_movable' ? v : 'offline',
    }),
    read: (c) => c.autoOnlineBlocks,
  },
  {
    key: 'movable_node',
    values: ['on', 'off'],
    describe: 'the movable_node kernel parameter: `online` prefers ZONE_MOVABLE where zones do not decide',
    apply: (c, v) => ({ ...c, movableNode: onOff(v) }),
    read: (c) => (c.movableNode ? 'on' : 'off'),
  },
  {
    key: 'memmap_on_memory',
    values: ['N', 'Y', 'force'],
    describe: 'memory_hotplug.memmap_on_memory= (v5.12+; force from v6.6): hot-added memory may host its own memmap',
    apply: (c, v) => ({ ...c, memmapOnMemory: v === 'Y' ? 'Y' : v === 'force' ? 'force' : 'N' }),
    read: (c) => c.memmapOnMemory,
  },
  {
    key: 'online_policy',
    values: ['contig-zones', 'auto-movable'],
    describe: 'memory_hotplug.online_policy= (v5.15+): where `online` puts memory',
    apply: (c, v) => ({ ...c, onlinePolicy: v === 'auto-movable' ? 'auto-movable' : 'contig-zones' }),
    read: (c) => c.onlinePolicy,
  },
  {
    key: 'auto_movable_ratio',
    values: ['<percent, 0 or more>'],
    describe: 'memory_hotplug.auto_movable_ratio= (v5.15+): MOVABLE pages allowed per 100 kernel early pages',
    accepts: (v) => /^\d{1,9}$/.test(v),
    apply: (c, v) => ({ ...c, autoMovableRatio: Number(v) }),
    read: (c) => String(c.autoMovableRatio),
  },
  {
    key: 'auto_movable_numa_aware',
    values: ['Y', 'N'],
    describe: 'memory_hotplug.auto_movable_numa_aware= (v5.15+): the ratio holds per node as well',
    apply: (c, v) => ({ ...c, autoMovableNumaAware: v === 'Y' }),
    read: (c) => (c.autoMovableNumaAware ? 'Y' : 'N'),
  },
];

export function configKey(key: string): ConfigKey | undefined {
  return CONFIG_KEYS.find((k) => k.key === key);
}
