/**
 * The iomem resource tree, flattened: top-level resources never overlap here,
 * so a sorted array with binary search is the whole tree (kernel/resource.c).
 * Firmware-described non-RAM ranges (legacy PMEM) are kept apart: a driver's
 * memremap_pages() range sits inside one, as a child in the kernel's tree.
 */
export type ResourceKind = 'System RAM' | 'device';

/** A firmware range that is not RAM (e820 type 12: "Persistent Memory (legacy)"), in pfns. */
export interface FirmwareRange {
  readonly start: number;
  readonly end: number;
}

export interface Resource {
  /** First pfn and the pfn after the last. */
  readonly start: number;
  readonly end: number;
  readonly kind: ResourceKind;
  /** Boot memory (firmware map): never hot-removable. */
  readonly boot: boolean;
  /** The node it was added for. */
  readonly nid: number;
  /** add_memory_driver_managed() (IORESOURCE_SYSRAM_DRIVER_MANAGED, v5.8): shown as "System RAM (kmem)". */
  readonly driverManaged?: true;
}

export class IomemResources {
  private readonly list: Resource[] = [];
  private readonly firmware: FirmwareRange[] = [];
  /** A resource came or went since the observation last looked. */
  dirty = true;

  // mirrors e820__reserve_resources(), arch/x86/kernel/e820.c, v5.5 (a type-12 entry, never released)
  insertFirmware(r: FirmwareRange): void {
    this.firmware.push(r);
    this.firmware.sort((a, b) => a.start - b.start);
    this.dirty = true;
  }

  /** The firmware non-RAM ranges, ascending. */
  firmwareRanges(): readonly FirmwareRange[] {
    return this.firmware;
  }

  /** Index of the first resource whose end is beyond `pfn`. */
  private firstEndingAfter(pfn: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.list[mid]?.end ?? 0) <= pfn) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The resources overlapping [start, end), ascending. */
  overlapping(start: number, end: number): Resource[] {
    const out: Resource[] = [];
    for (let i = this.firstEndingAfter(start); i < this.list.length; i++) {
      const r = this.list[i];
      if (r === undefined || r.start >= end) break;
      out.push(r);
    }
    return out;
  }

  // mirrors request_resource_conflict(), kernel/resource.c, v5.5 (the conflict test only)
  conflicts(start: number, end: number): boolean {
    return start < end && (this.overlapping(start, end).length > 0 || this.firmware.some((f) => f.start < end && start < f.end));
  }

  // mirrors __request_region(), kernel/resource.c, v5.8: a request nests inside a free parent that holds it whole (a PMEM range)
  conflictsOutsideFirmware(start: number, end: number): boolean {
    return start < end && (this.overlapping(start, end).length > 0 || this.firmware.some((f) => f.start < end && start < f.end && !(f.start <= start && end <= f.end)));
  }

  /** The resource exactly [start, end), if recorded. */
  find(start: number, end: number): Resource | undefined {
    const r = this.list[this.firstEndingAfter(start)];
    return r !== undefined && r.start === start && r.end === end ? r : undefined;
  }

  // mirrors __request_region(), kernel/resource.c, v5.5 (callers check for conflicts first)
  insert(r: Resource): void {
    this.list.splice(this.firstEndingAfter(r.start), 0, r);
    this.dirty = true;
  }

  // mirrors release_mem_region_adjustable(), kernel/resource.c, v5.5 (whole resources only)
  release(r: Resource): void {
    const i = this.list.indexOf(r);
    if (i < 0) return;
    this.list.splice(i, 1);
    this.dirty = true;
  }

  all(): readonly Resource[] {
    return this.list;
  }
}
