/**
 * The boot configurations `memhp kernel-campaign` cycles through, each a
 * scenario header (the model reads the same lines the guest is booted
 * from) and the surface it exercises: pc-dimm hotplug, legacy PMEM
 * (memremap_pages() through nd_pmem), dax kmem (add_memory_driver_managed()
 * through device_dax and kmem) or virtio-mem (virtio_mem_resize).
 */
import type { PmemRange, VirtioMemDevice } from '../model/step.ts';
import { parseScenario, type Scenario } from '../scenario/index.ts';

export const CAMPAIGN_SURFACES = ['dimm', 'pmem', 'kmem', 'virtio-mem'] as const;
export type CampaignSurface = (typeof CAMPAIGN_SURFACES)[number];

export interface CampaignConfig {
  readonly surface: CampaignSurface;
  /** Scenario header lines: `config …` and `boot …`. */
  readonly lines: readonly string[];
  /** Only for kernels whose profile has memory_hotplug.online_policy (v5.15, e83a437faa62): on 5.10 every block would be Normal (campaign-steps.ts). */
  readonly needsOnlinePolicy?: true;
  /** virtio-mem: the most whole blocks a request asks for. */
  readonly virtioMaxBlocks?: number;
}

const M = 2 ** 20;

/** Two legacy-PMEM namespaces in section 32 with a gap e820 keeps them apart by (corpus pmem-two-namespaces.scn). */
export const PMEM_NAMESPACES: readonly PmemRange[] = [
  { start: 0x100000000, size: 2 * M },
  { start: 0x100400000, size: 2 * M },
];

/** 512 MiB carved out of boot RAM for devdax, and the block-aligned range kmem adds from it (corpus kmem-below-4g.scn). */
export const KMEM_NAMESPACE: PmemRange = { start: 0x10000000, size: 0x20000000 };
export const KMEM_RANGE: PmemRange = { start: 0x18000000, size: 0x18000000 };

const KMEM_BOOT = ['boot 0x1000 0x9e000', 'boot 0x100000 0xff00000', 'boot 0x30000000 0xffe0000'];

/**
 * In rotation order. The four pc-dimm configurations come first (sequence i
 * of a 4-configuration campaign keeps its configuration); each new surface
 * gets one, virtio-mem two (the default online policy with every block
 * movable, and online_policy=auto-movable, which 5.10 does not have).
 */
export const CAMPAIGN_CONFIGS: readonly CampaignConfig[] = [
  { surface: 'dimm', lines: [] },
  { surface: 'dimm', lines: ['config auto_online_blocks online_movable'] },
  { surface: 'dimm', lines: ['config memmap_on_memory Y'] },
  { surface: 'dimm', lines: ['config auto_online_blocks online', 'config online_policy auto-movable'] },
  { surface: 'pmem', lines: PMEM_NAMESPACES.map((p) => `config pmem 0x${p.start.toString(16)} 0x${p.size.toString(16)}`) },
  { surface: 'kmem', lines: [`config pmem 0x${KMEM_NAMESPACE.start.toString(16)} 0x${KMEM_NAMESPACE.size.toString(16)}`, ...KMEM_BOOT] },
  { surface: 'virtio-mem', lines: ['config auto_online_blocks online_movable', 'config virtio_mem 0x100000000 0x40000000'], virtioMaxBlocks: 8 },
  {
    surface: 'virtio-mem',
    lines: ['config auto_online_blocks online', 'config online_policy auto-movable', 'config auto_movable_ratio 100', 'config virtio_mem 0x100000000 0x80000000'],
    needsOnlinePolicy: true,
    // 7 blocks is what ratio 100 lets go Movable beside the guest's ~1 GiB of kernel memory
    // (corpus virtio-mem-auto-movable.scn: blocks 32-38 Movable, 39 Normal); see campaign-steps.ts
    virtioMaxBlocks: 7,
  },
];


/**
 * The pc-dimm configurations' headers, in the order the campaign had them
 * before it drew other surfaces: `memhp audit` cycles through these with
 * generateSequence(), i.e. the pc-dimm campaign (its guests have no
 * PMEM, devdax or virtio-mem device: oracle/audit/runner.ts).
 */
export const DIMM_CAMPAIGN_CONFIGS: readonly (readonly string[])[] = CAMPAIGN_CONFIGS.filter((c) => c.surface === 'dimm').map((c) => c.lines);

/** What a configuration's header says about the machine: config lines, boot ranges, PMEM ranges, the virtio-mem device. */
export function configScenario(c: CampaignConfig): Scenario {
  // a scenario needs a step: `dump` changes nothing
  return parseScenario(`${[...c.lines, 'dump'].join('\n')}\n`, 'campaign-config');
}

/** The PMEM ranges the guest puts in devdax mode at boot: the kmem configuration's namespace. */
export function devdaxOf(c: CampaignConfig): PmemRange[] {
  return c.surface === 'kmem' ? [...(configScenario(c).pmem ?? [])] : [];
}

export function virtioMemOf(c: CampaignConfig): VirtioMemDevice | undefined {
  return configScenario(c).virtioMem;
}
