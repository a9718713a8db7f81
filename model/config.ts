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
  readonly autoOnlineBlocks: AutoOnline;
  /** The `movable_node` kernel parameter. */
  readonly movableNode: boolean;
  /**
   * memory_hotplug.memmap_on_memory= (v5.12+): the memmap of hot-added memory on the memory itself.
   * Declared so scenarios (and the real-kernel oracle) can set it; the models do not read it yet.
   */
  readonly memmapOnMemory?: boolean;
  /** memory_hotplug.online_policy= (v5.15+); declared, not read by the models yet. */
  readonly onlinePolicy?: OnlinePolicy;
}

/** What memhp_default_state= / auto_online_blocks onlines hot-added blocks as. */
export const AUTO_ONLINE = ['offline', 'online', 'online_kernel', 'online_movable'] as const;
export type AutoOnline = (typeof AUTO_ONLINE)[number];

export const ONLINE_POLICIES = ['contig-zones', 'auto-movable'] as const;
export type OnlinePolicy = (typeof ONLINE_POLICIES)[number];

export const DEFAULT_CONFIG: Config = {
  vmemmap: true,
  sparsememExtreme: true,
  autoOnlineBlocks: 'offline',
  movableNode: false,
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
    values: AUTO_ONLINE,
    describe: 'whether hot-added memory blocks are onlined at once, and how (memhp_default_state=)',
    apply: (c, v) => ({ ...c, autoOnlineBlocks: AUTO_ONLINE.find((a) => a === v) ?? 'offline' }),
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
    values: ['on', 'off'],
    describe: 'memory_hotplug.memmap_on_memory= (not modelled yet: the real-kernel oracle passes it to the kernel)',
    apply: (c, v) => ({ ...c, memmapOnMemory: onOff(v) }),
    read: (c) => (c.memmapOnMemory === true ? 'on' : 'off'),
  },
  {
    key: 'online_policy',
    values: ONLINE_POLICIES,
    describe: 'memory_hotplug.online_policy= (not modelled yet: the real-kernel oracle passes it to the kernel)',
    apply: (c, v) => ({ ...c, onlinePolicy: ONLINE_POLICIES.find((p) => p === v) ?? 'contig-zones' }),
    read: (c) => c.onlinePolicy ?? 'contig-zones',
  },
];

export function configKey(key: string): ConfigKey | undefined {
  return CONFIG_KEYS.find((k) => k.key === key);
}
