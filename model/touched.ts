/**
 * What a step changed, part by part, so that observe() rebuilds only those
 * parts on top of the previous observation (model/observe-on-top.ts,
 * docs/performance.md "Incremental observation"). Each implementation keeps
 * this in its own way: the reference in plain sets filled by the functions
 * that write its state (TouchLog below), the optimized in dirty bits beside
 * the structures it changes. A part marked that did not change costs only
 * its rebuild; a part changed and not marked is what the full observation
 * every FULL_OBSERVATION_EVERY steps and at the end of a run catches.
 */

export interface Touched {
  /** The step could not say what it touched (an operation that declares nothing): rebuild everything. */
  readonly all: boolean;
  /** Sections whose record (flags, nid, usage, sub-section bitmaps) may have changed. */
  readonly sections: ReadonlySet<number>;
  /** Sections whose memmap (the zone and nid of their struct pages) may have changed. */
  readonly memmap: ReadonlySet<number>;
  /** Memory blocks, by id, whose record (state, type left, poison count) may have changed, or that came or went. */
  readonly blocks: ReadonlySet<number>;
}

/** The reference's record of what was touched since the last observation: plain sets. */
export class TouchLog implements Touched {
  /** Nothing has been observed yet: the first observation is a full one. */
  all = true;
  readonly sections = new Set<number>();
  readonly memmap = new Set<number>();
  readonly blocks = new Set<number>();

  section(nr: number): void {
    this.sections.add(nr);
  }

  memmapOf(nr: number): void {
    this.memmap.add(nr);
  }

  block(id: number): void {
    this.blocks.add(id);
  }

  everything(): void {
    this.all = true;
  }

  /** After an observation: what it showed is the new starting point. */
  clear(): void {
    this.all = false;
    this.sections.clear();
    this.memmap.clear();
    this.blocks.clear();
  }
}
