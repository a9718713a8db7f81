/**
 * Everything the sparse-layer functions share: in the kernel these are
 * globals and compile-time constants; here one object per machine.
 */
import { withOverrides, type BugName } from '../bugs.ts';
import { maxHeldSections } from '../capacity.ts';
import type { Config } from '../config.ts';
import type { Geometry } from '../geometry.ts';
import type { MachineSetup } from '../implementation.ts';
import { ruleValues, type RuleValues } from '../profile.ts';
import { FaultInjector } from './faults/faults.ts';
import { MemSectionTable } from './sparse/mem-section.ts';
import { OrderingMonitor } from './observe/ordering.ts';

export interface SparseContext {
  readonly geometry: Geometry;
  readonly config: Config;
  readonly rules: RuleValues;
  readonly bugs: ReadonlySet<BugName>;
  readonly faults: FaultInjector;
  readonly table: MemSectionTable;
  /** Orderings inside one operation (model/optimized/observe/ordering.ts). */
  readonly ordering: OrderingMonitor;
  /** The most sections the machine may hold (model/capacity.ts). */
  readonly heldSectionLimit: number;
}

export function createContext(setup: MachineSetup, bugs: ReadonlySet<BugName>): SparseContext {
  return {
    geometry: setup.geometry,
    config: setup.config,
    // a bug switch that is an older rule value reaches the code as that value (model/bugs.ts)
    rules: withOverrides(ruleValues(setup.profile), bugs),
    bugs,
    faults: new FaultInjector(),
    table: new MemSectionTable(setup.geometry, setup.config.sparsememExtreme),
    ordering: new OrderingMonitor(),
    heldSectionLimit: setup.heldSectionLimit ?? maxHeldSections(setup.geometry),
  };
}
