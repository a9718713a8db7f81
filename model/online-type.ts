/**
 * The three online types a write to memoryN/state asks for: MMOP_ONLINE
 * (MMOP_ONLINE_KEEP in older kernels, spelled `online`), MMOP_ONLINE_KERNEL,
 * MMOP_ONLINE_MOVABLE (include/linux/memory_hotplug.h).
 * A leaf: the block records of both implementations hold one, and the zone
 * choice reads it, so it cannot live beside either without a cycle.
 */
export type OnlineType = 'online' | 'online_kernel' | 'online_movable';
