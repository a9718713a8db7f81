/**
 * Kernel configuration and boot-time switches of one simulated machine.
 * `config <key> <value>` lines in a scenario set these.
 */
export interface Config {
  /** CONFIG_SPARSEMEM_VMEMMAP: sub-section hotplug needs it (check_pfn_span). */
  readonly vmemmap: boolean;
  /** CONFIG_SPARSEMEM_EXTREME: mem_section roots allocated on demand. */
  readonly sparsememExtreme: boolean;
  /** /sys/devices/system/memory/auto_online_blocks (memhp_default_state=). */
  readonly autoOnlineBlocks: 'offline' | 'online';
  /** The `movable_node` kernel parameter. */
  readonly movableNode: boolean;
  /** memory_hotplug.memmap_on_memory= (v5.12+; `force` from v6.6). */
  readonly memmapOnMemory: MemmapOnMemoryMode;
}

/** The values of memory_hotplug.memmap_on_memory=. */
export type MemmapOnMemoryMode = 'N' | 'Y' | 'force';

export const DEFAULT_CONFIG: Config = {
  vmemmap: true,
  sparsememExtreme: true,
  autoOnlineBlocks: 'offline',
  movableNode: false,
  memmapOnMemory: 'N',
};

/** One `config` key: its scenario spelling, accepted words and how it sets the Config. */
export interface ConfigKey {
  readonly key: string;
  readonly values: readonly string[];
  readonly describe: string;
  apply(config: Config, value: string): Config;
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
    values: ['offline', 'online'],
    describe: 'whether hot-added memory blocks are onlined at once (memhp_default_state=)',
    apply: (c, v) => ({ ...c, autoOnlineBlocks: v === 'online' ? 'online' : 'offline' }),
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
];

export function configKey(key: string): ConfigKey | undefined {
  return CONFIG_KEYS.find((k) => k.key === key);
}
