/**
 * What a generated command means before it meets a machine: "add two
 * sub-sections starting at the third free one of some section". Intents are
 * resolved against the current state at run time, so most commands hit
 * existing sections and active or free sub-sections; their text never
 * depends on that state (fast-check issues #367 and #2864).
 */
import type { AllocPoint, NotifierEvent, QueryName, ZoneName } from '../model/step.ts';

/** How the base section is chosen. */
export type Pick = 'active' | 'free' | 'window' | 'far';

/** How the range is shaped around its start. */
export type Shape = 'subsections' | 'sections' | 'misaligned' | 'zero';

export interface Where {
  readonly pick: Pick;
  /** Selects a section among the candidates (modulo their count). */
  readonly sel: number;
  /** Selects the start sub-section among the candidates of the section. */
  readonly sub: number;
}

export type Intent =
  | { readonly kind: 'add_pages'; readonly where: Where; readonly len: number; readonly shape: Shape }
  | { readonly kind: 'remove_pages'; readonly where: Where; readonly len: number; readonly shape: Shape }
  | { readonly kind: 'fail'; readonly point: AllocPoint }
  /** `device`: a pfn of the sel-th ZONE_DEVICE range instead of the placed sub-section (swarm runs only). */
  | { readonly kind: 'query'; readonly query: QueryName; readonly where: Where; readonly offset: number; readonly device?: boolean }
  /** add_memory / memremap_pages of `count` blocks (sub-sections for memremap) at a chosen place. */
  | {
      readonly kind: 'add_memory';
      readonly pick: BlockPick;
      readonly sel: number;
      readonly count: number;
      readonly nid: number;
      /** The caller passes MHP_MEMMAP_ON_MEMORY. */
      readonly memmapOnMemory?: boolean;
      /** …and MHP_OFFLINE_INACCESSIBLE (s390 standby memory, v6.9..v6.18). */
      readonly inaccessible?: boolean;
      /** A virtio-mem add into the dynamic group of this many blocks per unit (swarm runs only). */
      readonly unitBlocks?: number;
    }
  | { readonly kind: 'memremap_pages'; readonly where: Where; readonly count: number; readonly nid: number }
  /** remove_memory / memunmap_pages of an existing resource (sel-th), sometimes of a wrong range. */
  | { readonly kind: 'remove_memory' | 'memunmap_pages' | 'eject_memory'; readonly sel: number; readonly exact: boolean }
  /** A sysfs write to the `state` or `online` file of the sel-th block (or a missing one). */
  | { readonly kind: 'state' | 'online'; readonly sel: number; readonly word: string; readonly missing: boolean }
  | { readonly kind: 'pin' | 'unpin' | 'poison'; readonly sel: number; readonly offset: number }
  | { readonly kind: 'veto'; readonly event: NotifierEvent; readonly errno: 'ENOMEM' | 'EBUSY' }
  | { readonly kind: 'valid_zones' | 'block'; readonly sel: number }
  | { readonly kind: 'zone'; readonly zone: ZoneName; readonly nid: number }
  | { readonly kind: 'node'; readonly nid: number };

/** Where a hot-add lands: right after boot memory, above 4 GiB, or at the top of the address space. */
export type BlockPick = 'low' | 'high' | 'far';

/** The intent as fast-check prints a command: the step's name, then how its arguments will be chosen. */
export function describeIntent(i: Intent): string {
  switch (i.kind) {
    case 'fail':
      return `fail(${i.point})`;
    case 'query':
      return i.device === true ? `${i.query}(device#${i.where.sel}+${i.offset})` : `${i.query}(${i.where.pick}#${i.where.sel}.${i.where.sub}+${i.offset})`;
    case 'add_pages':
    case 'remove_pages':
      return `${i.kind}(${i.where.pick}#${i.where.sel}.${i.where.sub}, ${i.shape} ${i.len})`;
    case 'add_memory':
      return `add_memory(${i.pick}#${i.sel} x${i.count} node ${i.nid}${i.unitBlocks === undefined ? '' : ` unit ${i.unitBlocks}`}${i.memmapOnMemory === true ? ' memmap_on_memory' : ''}${i.inaccessible === true ? ' inaccessible' : ''})`;
    case 'memremap_pages':
      return `memremap_pages(${i.where.pick}#${i.where.sel}.${i.where.sub} x${i.count} node ${i.nid})`;
    case 'remove_memory':
    case 'memunmap_pages':
    case 'eject_memory':
      return `${i.kind}(#${i.sel}${i.exact ? '' : ' wrong range'})`;
    case 'state':
    case 'online':
      return `${i.kind}(${i.missing ? 'missing' : `#${i.sel}`}, ${JSON.stringify(i.word)})`;
    case 'pin':
    case 'unpin':
    case 'poison':
      return `${i.kind}(#${i.sel}+${i.offset})`;
    case 'veto':
      return `veto(${i.event}, -${i.errno})`;
    case 'valid_zones':
    case 'block':
      return `${i.kind}(#${i.sel})`;
    case 'zone':
      return `zone(${i.zone}, node ${i.nid})`;
    case 'node':
      return `node(${i.nid})`;
  }
}
