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

/**
 * The machine-wide parts of an observation, each rebuilt only when a step
 * marked it: `nodes` is the nodes with their zones and early pages (one
 * record set, written together), `altmaps` the live self-hosted memmaps.
 * The counters are read as they are (a number costs nothing to compare).
 */
export type MachinePart = 'nodes' | 'resources' | 'pins' | 'roots' | 'altmaps';

export const MACHINE_PARTS: readonly MachinePart[] = ['nodes', 'resources', 'pins', 'roots', 'altmaps'];

/**
 * Test-only: marks named here are dropped where observeOnTop() reads them,
 * as if the implementation had forgotten to set them, so that a test can show
 * the net (Lockstep.verifyObservations()) catching each forgotten mark.
 * Empty in every run.
 */
export const forgottenMarks = new Set<MachinePart>();

export interface Touched {
  /** The step could not say what it touched (an operation that declares nothing): rebuild everything. */
  readonly all: boolean;
  /** Sections whose record (flags, nid, usage, sub-section bitmaps) may have changed. */
  readonly sections: ReadonlySet<number>;
  /** Sections whose memmap (the zone and nid of their struct pages) may have changed. */
  readonly memmap: ReadonlySet<number>;
  /** Memory blocks, by id, whose record (state, type left, poison count) may have changed, or that came or went. */
  readonly blocks: ReadonlySet<number>;
  /** Machine-wide parts that may have changed. */
  readonly machine: ReadonlySet<MachinePart>;
}

/** The reference's record of what was touched since the last observation: plain sets. */
export class TouchLog implements Touched {
  /** Nothing has been observed yet: the first observation is a full one. */
  all = true;
  readonly sections = new Set<number>();
  readonly memmap = new Set<number>();
  readonly blocks = new Set<number>();
  readonly machine = new Set<MachinePart>();

  section(nr: number): void {
    this.sections.add(nr);
  }

  memmapOf(nr: number): void {
    this.memmap.add(nr);
  }

  block(id: number): void {
    this.blocks.add(id);
  }

  /** A write to the nodes and zones, the resources, the pins, the roots or the altmaps. */
  part(p: MachinePart): void {
    this.machine.add(p);
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
    this.machine.clear();
  }
}
