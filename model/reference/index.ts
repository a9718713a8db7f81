/**
 * The reference implementation of the sparse layer (docs/sparse-layer.md):
 * written plainly, one record per section and sets for bitmaps, so that it
 * can be checked by reading. The optimized implementation is written
 * independently and compared against it.
 */
import type { Implementation, ImplementationFactory, MachineSetup } from '../implementation.ts';
import type { Observation } from '../observation.ts';
import type { Outcome } from '../outcome.ts';
import type { Step } from '../step.ts';
import { addPages } from './add.ts';
import { bootRange } from './boot.ts';
import { armFault } from './faults.ts';
import { observe } from './observe.ts';
import { query } from './queries.ts';
import { removePages } from './remove.ts';
import type { RefMachine } from './state.ts';

function newMachine(setup: MachineSetup): RefMachine {
  const rules = setup.profile.sparse;
  return {
    geometry: setup.geometry,
    config: setup.config,
    rules: {
      hotplug: rules.hotplug.value,
      addLoop: rules.addLoop.value,
      addressCheck: rules.addressCheck.value,
      removeInvalid: rules.removeInvalid.value,
    },
    sections: new Map(),
    roots: new Set(),
    faults: new Map(),
  };
}

function apply(m: RefMachine, step: Step): Outcome {
  switch (step.op) {
    case 'add_pages':
      return addPages(m, step.start, step.size, step.nid);
    case 'remove_pages':
      return removePages(m, step.start, step.size);
    case 'fail':
      armFault(m, step.alloc, step.errno);
      return 'ok';
    case 'query':
      return query(m, step.query, step.addr);
    case 'dump':
      return 'ok';
  }
}

/** Bug switches model patches to the optimized implementation; the reference has none. */
export const createReference: ImplementationFactory = (setup: MachineSetup): Implementation => {
  const m = newMachine(setup);
  for (const range of setup.boot) bootRange(m, range);
  return {
    kind: 'reference',
    apply: (step: Step): Outcome => apply(m, step),
    observe: (): Observation => observe(m),
  };
};
