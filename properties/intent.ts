/**
 * What a generated command means before it meets a machine: "add two
 * sub-sections starting at the third free one of some section". Intents are
 * resolved against the current state at run time, so most commands hit
 * existing sections and active or free sub-sections; their text never
 * depends on that state (fast-check issues #367 and #2864).
 */
import type { AllocPoint, QueryName } from '../model/step.ts';

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
  | { readonly kind: 'add'; readonly where: Where; readonly len: number; readonly shape: Shape }
  | { readonly kind: 'remove'; readonly where: Where; readonly len: number; readonly shape: Shape }
  | { readonly kind: 'fail'; readonly point: AllocPoint }
  | { readonly kind: 'query'; readonly query: QueryName; readonly where: Where; readonly offset: number };

export function describeIntent(i: Intent): string {
  switch (i.kind) {
    case 'fail':
      return `fail(${i.point})`;
    case 'query':
      return `${i.query}(${i.where.pick}#${i.where.sel}.${i.where.sub}+${i.offset})`;
    default:
      return `${i.kind}(${i.where.pick}#${i.where.sel}.${i.where.sub}, ${i.shape} ${i.len})`;
  }
}
